package dev.skein.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An RFC 9457 problem as Skein sends it ({@code application/problem+json}): every error
 * of the API has this shape. {@code errors} names the fields of a 400 or 409.
 *
 * @param type a URI naming the kind of problem
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors the fields at fault, when the problem is about input
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One field at fault, e.g. {@code messages[3].externalId}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FieldError(String field, String message) {
    }

    static Problem ofStatus(int status, String body) {
        return new Problem("about:blank", "HTTP " + status, status, body, null, List.of());
    }

}
