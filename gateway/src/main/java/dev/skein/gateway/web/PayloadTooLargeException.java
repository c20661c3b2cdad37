package dev.skein.gateway.web;

import java.io.IOException;

/** Raised while reading a body of unknown length that grows past the limit. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("Request body exceeds " + limit + " bytes");
    }
}
