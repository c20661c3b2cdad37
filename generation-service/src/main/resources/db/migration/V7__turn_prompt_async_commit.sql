-- A turn's prompt is stored without waiting for the disk: the function turns off synchronous_commit
-- for the transaction it runs in (inspect.TurnPromptLog calls it as one autocommitted statement).
-- The turn waited for that flush before its reply went out (0.3-5 ms a commit on 2 cores, more on a
-- slow disk), for a row the service already treats as best effort: a failure is logged and the turn
-- goes on. What a crash of PostgreSQL can now lose is the last prompts written before it, never
-- more: the row is visible at once, and any later synchronous commit (an erasure's) flushes the WAL
-- before it, so an erasure that committed never sees its prompt come back.
CREATE OR REPLACE FUNCTION record_turn_prompt(p_lock_key text, p_turn_id uuid, p_tenant_id text, p_conversation_id text,
                                   p_prompt jsonb, p_retrieved_at timestamptz, p_keep integer) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    stored integer;
BEGIN
    -- the caller's transaction (one autocommitted statement) commits without waiting for its
    -- WAL to reach the disk
    PERFORM set_config('synchronous_commit', 'off', true);
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
