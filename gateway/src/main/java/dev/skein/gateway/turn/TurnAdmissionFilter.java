package dev.skein.gateway.turn;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a chat turn while this instance is at its limit of turns in flight, right after
 * its API key is checked: before the rate limit's statement and the body. Past saturation
 * every refused request did both, on the cores the admitted turns were waiting for, and a
 * 503 took 28–430 ms (mean, {@code load --clients 64}); refused here, 2–43 ms.
 */
class TurnAdmissionFilter extends OncePerRequestFilter {

    private static final String CONVERSATIONS = "/v1/conversations/";

    private static final String MESSAGES = "/messages";

    private final PendingTurns turns;

    private final ProblemResponses problems;

    TurnAdmissionFilter(PendingTurns turns, ProblemResponses problems) {
        this.turns = turns;
        this.problems = problems;
    }

    /**
     * A request for a chat turn: {@code POST /v1/conversations/{id}/messages} or
     * {@code POST /v1/chat/completions}; an import ({@code messages:import}) is none.
     */
    static boolean isTurn(String method, String path) {
        if (!"POST".equals(method)) {
            return false;
        }
        if ("/v1/chat/completions".equals(path)) {
            return true;
        }
        return path.startsWith(CONVERSATIONS) && path.endsWith(MESSAGES)
                && path.indexOf('/', CONVERSATIONS.length()) == path.length() - MESSAGES.length()
                && path.length() > CONVERSATIONS.length() + MESSAGES.length();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isTurn(request.getMethod(), request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            this.turns.refuseIfFull();
        }
        catch (ProblemException refused) {
            response.setHeader(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds());
            this.problems.write(request, response, refused.problem());
            return;
        }
        chain.doFilter(request, response);
    }

}
