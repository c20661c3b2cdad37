-- The salient memories of each conversation incarnation as the memory-service announced them after
-- its last change to them (memory.salience-changed.v1): a search ranks with them instead of asking
-- the memory-service, which was its path. (sequence, edits) is that change's place on the
-- memory-service's clocks: only a newer one replaces them.
SET LOCAL search_path = retrieval, public;

CREATE TABLE conversation_salience (
    conversation_uid uuid PRIMARY KEY,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    sequence         bigint      NOT NULL,
    edits            bigint      NOT NULL,
    memory_ids       uuid[]      NOT NULL,
    saliences        float8[]    NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
