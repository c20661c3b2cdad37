-- A pinned memory's salience never decays below skein.memory.pinned-salience-floor
-- (PATCH /v1/conversations/{id}/memories/{memoryId} {"pinned": true}). The few pinned rows
-- of a conversation are read beside the rank_key index's top rows.
ALTER TABLE memory_salience ADD COLUMN pinned boolean NOT NULL DEFAULT false;
CREATE INDEX memory_salience_pinned ON memory_salience (conversation_uid) WHERE pinned;
