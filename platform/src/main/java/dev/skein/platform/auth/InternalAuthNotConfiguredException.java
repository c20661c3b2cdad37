package dev.skein.platform.auth;

/**
 * A service cannot start: without the shared secret its internal API would be open, or
 * every call between services would be refused later.
 */
class InternalAuthNotConfiguredException extends RuntimeException {

    InternalAuthNotConfiguredException(String message) {
        super(message);
    }

}
