package dev.skein.platform.web;

import java.io.IOException;

/**
 * Raised while reading a body of unknown length that grows past the limit; answered with
 * 413.
 */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limit) {
        super("Request body exceeds " + limit + " bytes");
    }

}
