package dev.skein.platform.kafka;

/** The broker did not acknowledge a record in time: an outage, retried as one. */
public class BrokerUnavailableException extends RuntimeException {

    BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}
