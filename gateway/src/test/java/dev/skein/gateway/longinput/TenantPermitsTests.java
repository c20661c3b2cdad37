package dev.skein.gateway.longinput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantPermitsTests {

    private final TenantPermits permits = new TenantPermits(2);

    @Test
    void aTenantHoldsAtMostItsPermitsAndOthersAreNotAffected() {
        assertThat(this.permits.tryAcquire("a")).isTrue();
        assertThat(this.permits.tryAcquire("a")).isTrue();
        assertThat(this.permits.tryAcquire("a")).isFalse();
        assertThat(this.permits.tryAcquire("b")).isTrue();
        assertThat(this.permits.inFlight("a")).isEqualTo(2);
    }

    @Test
    void aReleasedPermitCanBeTakenAgainAndAnIdleTenantTakesNoRoom() {
        this.permits.tryAcquire("a");
        this.permits.tryAcquire("a");
        this.permits.release("a");

        assertThat(this.permits.tryAcquire("a")).isTrue();
        this.permits.release("a");
        this.permits.release("a");
        assertThat(this.permits.inFlight("a")).isZero();
        // a release too many does not add a permit
        this.permits.release("a");
        assertThat(this.permits.tryAcquire("a")).isTrue();
        assertThat(this.permits.tryAcquire("a")).isTrue();
        assertThat(this.permits.tryAcquire("a")).isFalse();
    }

}
