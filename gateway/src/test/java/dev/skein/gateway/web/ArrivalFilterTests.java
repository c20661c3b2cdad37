package dev.skein.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalFilterTests {

    @AfterEach
    void reset() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aTurnRegisteredLaterInTheRequestCountsFromItsArrival() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/conversations/c/messages");
        AtomicLong chainStarted = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        long before = System.nanoTime();

        new ArrivalFilter().doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            chainStarted.set(System.nanoTime());
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            sleep(50);
            seen.set(ArrivalFilter.arrivedNanos());
        });

        // the arrival, before the rest of the chain ran, not the time of the call
        assertThat(seen.get()).isBetween(before, chainStarted.get());
    }

    @Test
    void outsideARequestItIsNow() {
        long before = System.nanoTime();
        assertThat(ArrivalFilter.arrivedNanos()).isGreaterThanOrEqualTo(before);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
