package dev.skein.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as a problem. Tomcat refuses some requests before any filter or
 * controller sees them (a path with an encoded slash, an encoded NUL or a backslash, an
 * invalid character in the request line, headers over the limit) and answers them through
 * its host's error report valve, which writes HTML. This one replaces it, so those
 * answers are {@code application/problem+json} like every other error. It says nothing
 * about the request: what Tomcat refused is in its own log.
 */
class ProblemReportValve extends ErrorReportValve {

    private final JsonMapper jsonMapper;

    ProblemReportValve(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own valve: only an error whose response is still empty, reported
        // once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                Map<String, Object> body = ProblemResponses.asMap(problem(status), null);
                body.remove("instance");
                writer.write(this.jsonMapper.writeValueAsString(body));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // the connection is gone or the response was taken over: nothing more to say
        }
    }

    static ProblemDetail problem(int status) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        String type = Problems.typeOf(code);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return Problems.of(code, type != null ? type : Problems.MALFORMED_REQUEST, title, detail(status));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP or its path is refused: an encoded slash (%2F), "
                    + "an encoded NUL (%00), a backslash or a character that is not allowed in a URL.";
            case 404 -> "Not found.";
            case 413 -> "The request is too large.";
            default -> status >= 500 ? "The request could not be processed." : "The request was refused.";
        };
    }

}
