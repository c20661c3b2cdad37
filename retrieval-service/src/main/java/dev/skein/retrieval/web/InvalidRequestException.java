package dev.skein.retrieval.web;

/** A request that is well-formed JSON but asks for something invalid; the message is safe to show. */
class InvalidRequestException extends RuntimeException {

    InvalidRequestException(String message) {
        super(message);
    }
}
