package dev.skein.generation.inspect;

import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.platform.web.Problems;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/turns/{turnId}/prompt}: the prompt assembled for a turn, by any
 * instance.
 */
@RestController
class TurnPromptEndpoint {

    private final TurnPromptLog log;

    TurnPromptEndpoint(TurnPromptLog log) {
        this.log = log;
    }

    @GetMapping("/internal/turns/{turnId}/prompt")
    TurnPrompt prompt(@PathVariable UUID turnId) {
        return this.log.find(turnId)
            .orElseThrow(() -> Problems
                .notFound("No prompt of that turn is kept: unknown, older than the retention, or erased."));
    }

}
