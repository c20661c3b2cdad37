-- A turn's prompt stored in one round trip (inspect.TurnPromptLog): the generation-service records
-- it on every turn before the reply goes out, and as a transaction of its own it took four (the
-- lock, the insert, the bound and the commit).
--
-- In READ COMMITTED each statement of a VOLATILE function takes a new snapshot, so the insert
-- sees an erasure that committed while the lock was awaited, as the statements of a transaction
-- would. The caller passes the lock's key (ErasedConversations.lockKey), the one the erasure locks.
-- Returns whether the prompt was stored. Its tables are this schema's whatever the caller's
-- search_path (FROM CURRENT: the migration's, the generation schema).
CREATE FUNCTION record_turn_prompt(p_lock_key text, p_turn_id uuid, p_tenant_id text, p_conversation_id text,
                                   p_prompt jsonb, p_retrieved_at timestamptz, p_keep integer) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    stored integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_lock_key, 0));
    INSERT INTO turn_prompts (turn_id, tenant_id, conversation_id, prompt)
    SELECT p_turn_id, p_tenant_id, p_conversation_id, p_prompt
    WHERE NOT EXISTS (SELECT 1 FROM erased_conversations WHERE tenant_id = p_tenant_id
        AND conversation_id = p_conversation_id AND erased_at >= p_retrieved_at)
    ON CONFLICT (turn_id) DO UPDATE SET prompt = EXCLUDED.prompt, recorded_at = now()
    WHERE turn_prompts.tenant_id = EXCLUDED.tenant_id;
    GET DIAGNOSTICS stored = ROW_COUNT;
    IF stored = 1 THEN
        -- the conversation's oldest beyond the bound, through its index
        DELETE FROM turn_prompts WHERE turn_id IN (
            SELECT turn_id FROM turn_prompts WHERE tenant_id = p_tenant_id AND conversation_id = p_conversation_id
            ORDER BY recorded_at DESC OFFSET p_keep);
    END IF;
    RETURN stored = 1;
END
$$;
