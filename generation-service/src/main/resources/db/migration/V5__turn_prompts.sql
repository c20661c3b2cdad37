-- The prompt assembled for each turn (GET /v1/conversations/{id}/turns/{turnId}), so that any instance
-- answers it and a restart keeps it. Bounded: at most skein.generation.prompt-history-size prompts per
-- conversation (the oldest go first) and none older than skein.generation.prompt-retention. Erasing the
-- conversation deletes its prompts (inspect.PromptLogEraser); a prompt of a turn that was in flight
-- when its conversation was erased is not stored (erased_conversations).
CREATE TABLE turn_prompts (
    turn_id         uuid PRIMARY KEY,
    tenant_id       text        NOT NULL,
    conversation_id text        NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- the TurnPrompt as GET /internal/turns/{turnId}/prompt answers it
    prompt          jsonb       NOT NULL
);

CREATE INDEX turn_prompts_conversation ON turn_prompts (tenant_id, conversation_id, recorded_at DESC);
CREATE INDEX turn_prompts_age ON turn_prompts (recorded_at);
