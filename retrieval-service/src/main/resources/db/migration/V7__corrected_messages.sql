-- Turns whose text was corrected (PATCH), with the revision of the correction on the conversation's
-- edit clock (MemoryRecorded.revision), per conversation incarnation. A memory-recorded event that
-- holds such a turn and was built at an older revision (a window or summary of the old text that
-- the memory-service recorded before the correction and relayed after the gateway had the index
-- drop it, or the turn's own older event) is refused when it arrives: the correction wins, as a
-- deletion does (deleted_messages). Ids and numbers only; erasure deletes the rows.
CREATE TABLE corrected_messages (
    conversation_uid uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    revision         bigint      NOT NULL,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    corrected_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_uid, message_id)
);
