-- The memory stream: one row per conversation, an append-only stream of messages per conversation.
CREATE TABLE conversations (
    uid              uuid        PRIMARY KEY,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    -- sequences are allocated under a row lock on this row, so they are gap-free per conversation
    last_sequence    bigint      NOT NULL DEFAULT 0,
    history_tokens   bigint      NOT NULL DEFAULT 0,
    CONSTRAINT conversations_tenant_conversation_key UNIQUE (tenant_id, conversation_id)
);

CREATE TABLE messages (
    id               uuid        PRIMARY KEY,
    conversation_uid uuid        NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    sequence         bigint      NOT NULL,
    role             text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    speaker          text,
    content          text        NOT NULL,
    external_id      text,
    -- the message's own time (imports carry the original); stored_at is when Skein stored it
    created_at       timestamptz NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now(),
    token_count      int         NOT NULL,
    metadata         jsonb,
    CONSTRAINT messages_conversation_sequence_key UNIQUE (conversation_uid, sequence),
    -- NULLs are distinct: messages without an external id never collide
    CONSTRAINT messages_conversation_external_id_key UNIQUE (conversation_uid, external_id)
);

-- Transactional outbox: written with the business rows, published after commit, then deleted.
CREATE TABLE outbox (
    id             bigserial   PRIMARY KEY,
    topic          text        NOT NULL,
    msg_key        text        NOT NULL,
    payload        text        NOT NULL,
    correlation_id text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Consumed event ids, written in the same transaction as the effects of the event.
CREATE TABLE processed_events (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
