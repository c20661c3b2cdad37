package dev.skein.gateway.turn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnAdmissionTests {

    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final TurnAdmission admission = new TurnAdmission(512, 1000 * MS, this.clock::get, this.inFlight::get);

    @Test
    void aQuietStackKeepsTheBound() {
        for (int i = 0; i < 100; i++) {
            turn(80 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(512);
    }

    @Test
    void aQueueAboveTheTargetIsCutToWhatMeetsItAndNotCutAgainBeforeItShows() {
        this.inFlight.set(64);
        this.admission.admitted(64);

        turn(2000 * MS);

        // 64 in flight at twice the target: the queue that meets it is half as long
        assertThat(this.admission.limit()).isEqualTo(32);
        // the turns that end next were let in before the cut: one mean turn passes
        // first
        turn(2000 * MS);
        assertThat(this.admission.limit()).isEqualTo(32);
        this.clock.addAndGet(2000 * MS);
        this.inFlight.set(32);
        turn(1600 * MS);
        assertThat(this.admission.limit()).isEqualTo(20);
    }

    @Test
    void aSlowModelDoesNotCloseTheDoorOnlySkeinsOwnTimeCounts() {
        // the gateway passes the wait less the generation stage: 30 ms of a 5 s turn
        this.inFlight.set(64);
        for (int i = 0; i < 20; i++) {
            turn(30 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(512);
    }

    @Test
    void theLimitNeverFallsBelowTheFloorAndGrowsBackOnceTurnsAreFastAndItIsUsed() {
        this.inFlight.set(6);
        for (int i = 0; i < 10; i++) {
            turn(60_000 * MS);
            this.clock.addAndGet(60_000 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(TurnAdmission.FLOOR);

        this.inFlight.set(TurnAdmission.FLOOR);
        turn(50 * MS);
        turn(50 * MS);
        assertThat(this.admission.limit()).isEqualTo(TurnAdmission.FLOOR + 2);

        // fast but hardly used (a window that starts with 1 in flight): no reason to grow
        this.inFlight.set(1);
        turn(50 * MS);
        int used = this.admission.limit();
        turn(50 * MS);
        turn(50 * MS);
        assertThat(this.admission.limit()).isEqualTo(used);
    }

    @Test
    void withoutATargetTheLimitStaysAtTheBound() {
        TurnAdmission fixed = new TurnAdmission(512, 0, this.clock::get, this.inFlight::get);
        this.inFlight.set(64);
        for (int i = 0; i < 10; i++) {
            this.clock.addAndGet(TurnAdmission.WINDOW_NANOS);
            fixed.ended(60_000 * MS);
        }
        assertThat(fixed.limit()).isEqualTo(512);
    }

    /** One window passes and a turn ends in it after {@code own}. */
    private void turn(long own) {
        this.clock.addAndGet(TurnAdmission.WINDOW_NANOS);
        this.admission.ended(own);
    }

}
