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
            window(80 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(512);
    }

    @Test
    void aQueueAboveTheTargetIsCutToWhatMeetsItAndNotCutAgainBeforeItShows() {
        this.inFlight.set(64);
        this.admission.admitted(64);

        window(2000 * MS);

        // 64 in flight at twice the target: the queue that meets it is half as long
        assertThat(this.admission.limit()).isEqualTo(32);
        // the turns that end next were let in before the cut: one mean turn passes
        // first
        window(2000 * MS);
        assertThat(this.admission.limit()).isEqualTo(32);
        this.clock.addAndGet(2000 * MS);
        this.inFlight.set(32);
        window(1600 * MS);
        assertThat(this.admission.limit()).isEqualTo(20);
    }

    @Test
    void oneSlowTurnAloneIsNoOverload() {
        this.inFlight.set(64);
        this.clock.addAndGet(TurnAdmission.WINDOW_NANOS);
        this.admission.ended(5000 * MS);
        this.admission.ended(5000 * MS);
        assertThat(this.admission.limit()).as("two turns are not a window yet").isEqualTo(512);
        this.admission.ended(5000 * MS);
        assertThat(this.admission.limit()).isEqualTo(32);
    }

    @Test
    void aSlowModelDoesNotCloseTheDoorOnlySkeinsOwnTimeCounts() {
        // the gateway passes the wait less the generation stage: 30 ms of a 5 s turn
        this.inFlight.set(64);
        for (int i = 0; i < 20; i++) {
            window(30 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(512);
    }

    @Test
    void theLimitNeverFallsBelowTheFloorAndGrowsBackByATenthWhileItIsUsedNearTheTarget() {
        this.inFlight.set(12);
        for (int i = 0; i < 10; i++) {
            window(60_000 * MS);
            this.clock.addAndGet(60_000 * MS);
        }
        assertThat(this.admission.limit()).isEqualTo(TurnAdmission.FLOOR);

        // under the target again, not by much, and the stack still takes all it is given
        this.inFlight.set(TurnAdmission.FLOOR);
        window(600 * MS);
        window(600 * MS);
        assertThat(this.admission.limit()).isEqualTo(TurnAdmission.FLOOR + 2);
        for (int i = 0; i < 100; i++) {
            this.inFlight.set(this.admission.limit());
            window(600 * MS);
        }
        assertThat(this.admission.limit()).as("back at the bound").isEqualTo(512);
    }

    @Test
    void aStackThatWasOnlySlowToStartGetsTheBoundBackWithinAFewWindowsOfUse() {
        // a cold JVM: the first turns, one at a time, take seconds
        this.inFlight.set(1);
        window(3000 * MS);
        assertThat(this.admission.limit()).isEqualTo(TurnAdmission.FLOOR);

        this.inFlight.set(0);
        window(80 * MS);
        assertThat(this.admission.limit()).as("not used: kept").isEqualTo(TurnAdmission.FLOOR);
        for (int i = 0; i < 6; i++) {
            this.inFlight.set(this.admission.limit());
            window(80 * MS);
        }
        assertThat(this.admission.limit()).as("doubled six times, 1.5 s").isEqualTo(512);
    }

    @Test
    void clientsBackFromTheirRetryAfterFindTheLimitWhereItWas() {
        this.inFlight.set(64);
        window(2000 * MS);
        assertThat(this.admission.limit()).isEqualTo(32);
        this.clock.addAndGet(2000 * MS);

        // the refused clients wait out their Retry-After: few turns in flight, fast
        this.inFlight.set(5);
        window(150 * MS);
        assertThat(this.admission.limit()).as("the window began with 64 in flight, answered fast").isEqualTo(64);
        window(150 * MS);
        window(150 * MS);
        assertThat(this.admission.limit()).as("not thrown open to all of them at once").isEqualTo(64);
    }

    @Test
    void aBoundBelowTheFloorIsTheFloor() {
        TurnAdmission small = new TurnAdmission(6, 1000 * MS, this.clock::get, this.inFlight::get);
        this.inFlight.set(6);
        for (int i = 0; i < 3; i++) {
            this.clock.addAndGet(60_000 * MS);
            small.ended(60_000 * MS);
        }
        assertThat(small.limit()).isEqualTo(6);
    }

    @Test
    void withoutATargetTheLimitStaysAtTheBound() {
        TurnAdmission fixed = new TurnAdmission(512, 0, this.clock::get, this.inFlight::get);
        this.inFlight.set(64);
        for (int i = 0; i < 10; i++) {
            this.clock.addAndGet(TurnAdmission.WINDOW_NANOS);
            for (int turn = 0; turn < TurnAdmission.WINDOW_TURNS; turn++) {
                fixed.ended(60_000 * MS);
            }
        }
        assertThat(fixed.limit()).isEqualTo(512);
    }

    /** One window passes, in which three turns end after {@code own} each. */
    private void window(long own) {
        this.clock.addAndGet(TurnAdmission.WINDOW_NANOS);
        for (int turn = 0; turn < TurnAdmission.WINDOW_TURNS; turn++) {
            this.admission.ended(own);
        }
    }

}
