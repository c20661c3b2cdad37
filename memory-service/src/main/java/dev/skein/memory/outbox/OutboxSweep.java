package dev.skein.memory.outbox;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net of the outbox: rows a crash or a broker outage left behind are published
 * by a periodic drain. It is not on the turn path, which wakes the relay right after each
 * commit.
 */
@Component
class OutboxSweep {

    private final OutboxRelay relay;

    OutboxSweep(OutboxRelay relay) {
        this.relay = relay;
    }

    @Scheduled(fixedDelayString = "${skein.memory.outbox-sweep-interval:500ms}")
    void sweep() {
        this.relay.publishSoon();
    }

}
