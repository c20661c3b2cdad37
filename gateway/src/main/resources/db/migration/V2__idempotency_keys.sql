-- Idempotency-Key of the public API: per tenant, what the first request with a key asked for (its
-- fingerprint) and the id of what it created (turn, writing job, import). A key sent again with the
-- same request gets the same id, so it creates nothing new; with another request it is refused (422).
-- Kept for SKEIN_IDEMPOTENCY_TTL, then swept: an expired key may be used again.
CREATE TABLE idempotency_keys (
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    -- hex SHA-256 of the operation and what the request asks for
    fingerprint     text        NOT NULL,
    resource_id     uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
