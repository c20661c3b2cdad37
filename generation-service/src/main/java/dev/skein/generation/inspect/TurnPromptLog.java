package dev.skein.generation.inspect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.generation.GenerationProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The prompts of the last {@code SKEIN_PROMPT_HISTORY_SIZE} turns this instance answered,
 * in memory: per instance (another replica answered other turns) and gone on restart.
 * Durable prompts would need a schema of their own; this is a debugging aid, not a
 * record. Erasing a conversation drops its prompts ({@link PromptLogEraser}).
 */
@Component
public class TurnPromptLog {

    private final Map<UUID, Logged> prompts;

    @Autowired
    TurnPromptLog(GenerationProperties properties) {
        this(properties.promptHistorySize());
    }

    public TurnPromptLog(int size) {
        // access-ordered would make reads writes; insertion order drops the oldest turn
        // first
        this.prompts = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Logged> eldest) {
                return size() > size;
            }
        };
    }

    public void record(TurnPrompt prompt) {
        record(prompt.tenantId(), prompt.conversationId(), prompt);
    }

    /**
     * Keeps a turn's prompt with its conversation, so that erasing it drops the prompt.
     */
    public synchronized void record(@Nullable String tenantId, @Nullable String conversationId, TurnPrompt prompt) {
        this.prompts.put(prompt.turnId(), new Logged(tenantId, conversationId, prompt));
    }

    public synchronized Optional<TurnPrompt> find(UUID turnId) {
        return Optional.ofNullable(this.prompts.get(turnId)).map(Logged::prompt);
    }

    /** Drops the prompts of an erased conversation; returns how many. */
    public synchronized int erase(String tenantId, String conversationId) {
        int before = this.prompts.size();
        this.prompts.values()
            .removeIf((logged) -> tenantId.equals(logged.tenantId()) && conversationId.equals(logged.conversationId()));
        return before - this.prompts.size();
    }

    private record Logged(@Nullable String tenantId, @Nullable String conversationId, TurnPrompt prompt) {
    }

}
