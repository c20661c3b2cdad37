-- Messages deleted one by one (DELETE of a memory), remembered per conversation incarnation. A
-- memory-recorded event that holds one (the turn itself, or a window or summary the memory-service
-- recorded before the deletion and relayed after the gateway had the index drop it) is refused when it
-- arrives: the deletion wins over every event recorded before it. Ids only; erasure deletes the rows.
CREATE TABLE deleted_messages (
    conversation_uid uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    deleted_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_uid, message_id)
);
