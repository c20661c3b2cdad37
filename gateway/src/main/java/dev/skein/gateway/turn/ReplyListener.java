package dev.skein.gateway.turn;

import java.util.List;

import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.gateway.broadcast.BroadcastListener;

import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/** Reads every reply of every turn and completes the ones this instance waits for. */
@Component
class ReplyListener extends BroadcastListener {

    /**
     * In dispatch order: one poll can hold a turn's last deltas and its completion
     * (different topics, so no order between them on the wire); deltas go first so a
     * stream misses none.
     */
    static final List<String> TOPICS = List.of(Topics.REPLY_DELTA, Topics.TURN_COMPLETED, Topics.TURN_FAILED);

    private final PendingTurns turns;

    ReplyListener(ConsumerFactory<String, Object> consumers, PendingTurns turns) {
        super(consumers, "gateway-replies", TOPICS);
        this.turns = turns;
    }

    @Override
    protected boolean hasFollowers() {
        return !this.turns.isEmpty();
    }

    @Override
    protected void on(SkeinEvent event) {
        if (event instanceof ReplyDelta delta) {
            this.turns.on(delta);
        }
        else if (event instanceof TurnCompleted completed) {
            this.turns.on(completed);
        }
        else if (event instanceof TurnFailed failed) {
            this.turns.on(failed);
        }
    }

    @Override
    protected void describe(Health.Builder health) {
        health.withDetail("pendingTurns", this.turns.size());
    }

}
