package dev.skein.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) as a problem, in place of Spring
 * Boot's {@code BasicErrorController}: what ends in an error outside Spring MVC (an
 * exception out of a filter, a {@code sendError} of the container) is answered like every
 * other error. The cause is logged by the container; nothing of it is said here.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        // asked for directly, not forwarded by the container: there is no such resource
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400
                ? code : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = ProblemReportValve.problem(status);
        problem.setDetail(status >= 500 ? "The request could not be processed." : "The request was refused.");
        // preset, so that no Accept header can turn the answer into a 406
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

}
