package dev.skein.gateway.turn;

import java.util.concurrent.CompletableFuture;

import dev.skein.contracts.ReplyDelta;
import dev.skein.gateway.web.ProblemException;

import org.springframework.http.ResponseEntity;

/** A turn answered with one JSON response; no servlet thread waits for it. */
final class AwaitedTurn extends PendingTurn {

    private final CompletableFuture<Object> response = new CompletableFuture<>();

    AwaitedTurn(String tenantId) {
        super(tenantId);
    }

    CompletableFuture<Object> response() {
        return this.response;
    }

    @Override
    void delta(ReplyDelta delta) {
    }

    @Override
    void complete(TurnAnswer answer) {
        this.response.complete(ResponseEntity.ok(answer));
    }

    @Override
    void fail(ProblemException problem) {
        this.response.completeExceptionally(problem);
    }
}
