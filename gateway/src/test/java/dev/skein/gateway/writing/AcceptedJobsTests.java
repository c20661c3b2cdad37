package dev.skein.gateway.writing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedJobsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    private final AcceptedJobs accepted = new AcceptedJobs(
            new WritingProperties(Duration.ofSeconds(15), Duration.ofMinutes(10), 2), this.clock);

    @Test
    void aJobIsRememberedForItsTenantAndConversationOnly() {
        UUID job = UUID.randomUUID();
        this.accepted.remember("t1", "c1", job, 500);

        assertThat(this.accepted.find("t1", "c1", job)).hasValueSatisfying(found -> {
            assertThat(found.targetWords()).isEqualTo(500);
            assertThat(found.at()).isEqualTo(this.clock.instant());
        });
        assertThat(this.accepted.find("t2", "c1", job)).isEmpty();
        assertThat(this.accepted.find("t1", "c2", job)).isEmpty();
    }

    @Test
    void aJobIsForgottenAfterTheMemorysTime() {
        UUID job = UUID.randomUUID();
        this.accepted.remember("t1", "c1", job, 500);

        this.clock.advance(Duration.ofMinutes(10));
        assertThat(this.accepted.find("t1", "c1", job)).isPresent();
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.accepted.find("t1", "c1", job)).isEmpty();
    }

    @Test
    void whenFullTheOldestIsForgottenFirst() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        this.accepted.remember("t", "c", first, 100);
        this.accepted.remember("t", "c", second, 100);
        this.accepted.remember("t", "c", third, 100);

        assertThat(this.accepted.find("t", "c", first)).isEmpty();
        assertThat(this.accepted.find("t", "c", second)).isPresent();
        assertThat(this.accepted.find("t", "c", third)).isPresent();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

    }

}
