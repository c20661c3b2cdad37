package dev.skein.generation.inspect;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /internal/turns/{turnId}/prompt}: the prompt this instance sent for a turn. */
@RestController
class TurnPromptEndpoint {

    private final TurnPromptLog log;

    TurnPromptEndpoint(TurnPromptLog log) {
        this.log = log;
    }

    @GetMapping("/internal/turns/{turnId}/prompt")
    ResponseEntity<?> prompt(@PathVariable UUID turnId) {
        return this.log.find(turnId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "This instance has no prompt of that turn: it was answered elsewhere, long ago, before a "
                            + "restart, or without an LLM.");
            problem.setType(URI.create("https://skein.dev/problems/not-found"));
            problem.setTitle("Not found");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        });
    }
}
