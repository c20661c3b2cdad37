-- Every chat turn's state and, once answered, its outcome. A turn sent again (same externalId or
-- Idempotency-Key, so the same turn id) is answered from here: the same reply and evidence, nothing
-- recalled, generated or stored again. Rows are kept for SKEIN_IDEMPOTENCY_TTL; erasure cascades.
CREATE TABLE turns (
    turn_id          uuid        PRIMARY KEY,
    conversation_uid uuid        NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    -- the user message the turn answers
    message_id       uuid        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('requested', 'completed', 'failed')),
    requested_at     timestamptz NOT NULL,
    -- the outcome, once completed: the assistant message and what the reply was made from
    reply_id         uuid,
    generated_by     text,
    evidence         jsonb,
    usage            jsonb,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX turns_conversation ON turns (conversation_uid);
CREATE INDEX turns_updated_at ON turns (updated_at);
