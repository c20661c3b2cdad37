package dev.skein.platform.keyring;

import java.sql.SQLException;

/**
 * The database could not be asked for a data key: an outage (the error policy retries the
 * record), never a reason to treat the conversation as erased.
 */
public class KeyringUnavailableException extends RuntimeException {

    KeyringUnavailableException(String message, SQLException cause) {
        super(message, cause);
    }

}
