-- Optimistic locking of writing jobs (the entity's @Version): an owner's change commits only if
-- no other instance claimed the job since it was read. The claim and the release raise it too.
ALTER TABLE writing_jobs ADD COLUMN version bigint NOT NULL DEFAULT 0;
