package dev.skein.gateway.turn;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.skein.contracts.ReplyDelta;
import dev.skein.platform.web.ProblemException;

import org.springframework.http.ResponseEntity;

/** A turn answered with one JSON response; no servlet thread waits for it. */
final class AwaitedTurn extends PendingTurn {

    private final CompletableFuture<Object> response = new CompletableFuture<>();

    private final Function<TurnAnswer, ?> body;

    /**
     * @param body the response body made of the answer: the answer itself, or another
     * API's shape
     */
    AwaitedTurn(String tenantId, Function<TurnAnswer, ?> body) {
        super(tenantId);
        this.body = body;
    }

    CompletableFuture<Object> response() {
        return this.response;
    }

    @Override
    void delta(ReplyDelta delta) {
    }

    @Override
    void complete(TurnAnswer answer) {
        this.response.complete(ResponseEntity.ok(this.body.apply(answer)));
    }

    @Override
    void fail(ProblemException problem) {
        this.response.completeExceptionally(problem);
    }

}
