package dev.skein.platform.auth;

/**
 * A missing, malformed, forged, expired or misdirected service token; the message says
 * which, never the token.
 */
public class InvalidServiceTokenException extends RuntimeException {

    InvalidServiceTokenException(String message) {
        super(message);
    }

}
