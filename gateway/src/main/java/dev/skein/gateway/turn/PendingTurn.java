package dev.skein.gateway.turn;

import java.util.concurrent.ScheduledFuture;

import dev.skein.contracts.ReplyDelta;
import dev.skein.gateway.web.ArrivalFilter;
import dev.skein.platform.web.ProblemException;

/** A turn this gateway instance has asked for and whose client is waiting. */
abstract class PendingTurn {

    private final String tenantId;

    private final long startedNanos = ArrivalFilter.arrivedNanos();

    private volatile ScheduledFuture<?> timeout;

    PendingTurn(String tenantId) {
        this.tenantId = tenantId;
    }

    /**
     * Since its HTTP request reached the gateway (or since it was registered, outside a
     * request): the client's wait, queues in front of the turn included.
     */
    long elapsedNanos() {
        return System.nanoTime() - this.startedNanos;
    }

    String tenantId() {
        return this.tenantId;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        ScheduledFuture<?> timeout = this.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** A streamed piece of the reply; ignored unless the client asked for a stream. */
    abstract void delta(ReplyDelta delta);

    abstract void complete(TurnAnswer answer);

    abstract void fail(ProblemException problem);

}
