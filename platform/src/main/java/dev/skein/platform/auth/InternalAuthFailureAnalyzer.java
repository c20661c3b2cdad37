package dev.skein.platform.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing or short secret into Spring Boot's "APPLICATION FAILED TO START" report
 * with what to do, instead of a stack trace.
 */
class InternalAuthFailureAnalyzer extends AbstractFailureAnalyzer<InternalAuthNotConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InternalAuthNotConfiguredException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set SKEIN_INTERNAL_TOKEN_SECRET to the same random value of at least "
                        + ServiceTokens.MIN_SECRET_LENGTH
                        + " characters in every Skein service (for example: openssl rand -hex 32). "
                        + "infra/skein up generates one into $SKEIN_HOME/internal-token-secret; with Docker, "
                        + "export it before docker compose up.",
                cause);
    }

}
