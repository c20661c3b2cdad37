package dev.skein.platform.client;

import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * An internal call that failed for a reason the client cannot fix (the callee is down,
 * timed out, or answered anything but 400, 404 or 409). Left alone it answers
 * {@code upstream-unavailable}, which says nothing more; a caller that must tell a
 * refusal from an outage reads the callee's status here.
 */
public class UpstreamUnavailableException extends ProblemException {

    private final @Nullable HttpStatusCode upstreamStatus;

    public UpstreamUnavailableException(@Nullable HttpStatusCode upstreamStatus, @Nullable Throwable cause) {
        super(Problems.upstreamUnavailable().problem(), cause);
        this.upstreamStatus = upstreamStatus;
    }

    /**
     * The callee's error status, or null when it did not answer (refused, timed out,
     * unreadable answer).
     */
    public @Nullable HttpStatusCode upstreamStatus() {
        return this.upstreamStatus;
    }

}
