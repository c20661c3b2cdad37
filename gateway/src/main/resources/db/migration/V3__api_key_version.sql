-- Optimistic locking of API keys (the entity's @Version): two revocations of one key at once
-- cannot both write; the later one reads the key again.
ALTER TABLE api_keys ADD COLUMN version bigint NOT NULL DEFAULT 0;
