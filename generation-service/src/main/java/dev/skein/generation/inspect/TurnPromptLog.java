package dev.skein.generation.inspect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.generation.GenerationProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The prompts of the last {@code SKEIN_PROMPT_HISTORY_SIZE} turns this instance answered,
 * in memory: per instance (another replica answered other turns) and gone on restart.
 * Durable prompts would need a schema of their own; this is a debugging aid, not a
 * record.
 */
@Component
public class TurnPromptLog {

    private final Map<UUID, TurnPrompt> prompts;

    @Autowired
    TurnPromptLog(GenerationProperties properties) {
        this(properties.promptHistorySize());
    }

    public TurnPromptLog(int size) {
        // access-ordered would make reads writes; insertion order drops the oldest turn
        // first
        this.prompts = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, TurnPrompt> eldest) {
                return size() > size;
            }
        };
    }

    public synchronized void record(TurnPrompt prompt) {
        this.prompts.put(prompt.turnId(), prompt);
    }

    public synchronized Optional<TurnPrompt> find(UUID turnId) {
        return Optional.ofNullable(this.prompts.get(turnId));
    }

}
