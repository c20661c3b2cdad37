package dev.skein.gateway.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On the OpenAI paths ({@code /v1/chat/completions}, {@code /v1/models}), rewrites every
 * problem response (from a controller, the problem handler or a filter: API key, rate
 * limit, body size) into OpenAI's error shape with the same status and headers, so that
 * the OpenAI SDKs raise their typed errors with the message. Every other path keeps RFC
 * 9457. Only problem bodies are held back; a stream passes straight through.
 */
public final class OpenAiErrorFilter extends OncePerRequestFilter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    public OpenAiErrorFilter(JsonMapper json) {
        this.json = json;
    }

    static boolean isOpenAiPath(String path) {
        return "/v1/chat/completions".equals(path) || "/v1/models".equals(path) || path.startsWith("/v1/models/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Object errorUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return !isOpenAiPath(errorUri instanceof String uri ? uri : request.getRequestURI());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // a turn's answer, and its errors, are written in the async dispatch
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemCapture capture = new ProblemCapture(response);
        chain.doFilter(request, capture);
        capture.rewrite();
    }

    /** Holds a problem body back; everything else is written through. */
    private final class ProblemCapture extends HttpServletResponseWrapper {

        private ByteArrayOutputStream problem;

        private PrintWriter writer;

        ProblemCapture(HttpServletResponse response) {
            super(response);
        }

        private boolean capturing() {
            String type = getContentType();
            return type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!capturing()) {
                return super.getOutputStream();
            }
            if (this.problem == null) {
                this.problem = new ByteArrayOutputStream();
            }
            ByteArrayOutputStream target = this.problem;
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    target.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    target.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("problem bodies are written blocking");
                }
            };
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!capturing()) {
                return super.getWriter();
            }
            if (this.writer == null) {
                this.writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
            }
            return this.writer;
        }

        @Override
        public void setContentLength(int len) {
            if (!capturing()) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!capturing()) {
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (this.problem == null) {
                super.flushBuffer();
            }
        }

        void rewrite() throws IOException {
            if (this.problem == null) {
                return;
            }
            if (this.writer != null) {
                this.writer.flush();
            }
            byte[] body;
            try {
                Map<String, Object> problemBody = OpenAiErrorFilter.this.json.readValue(this.problem.toByteArray(),
                        MAP);
                body = OpenAiErrorFilter.this.json.writeValueAsBytes(OpenAiErrors.of(problemBody));
            }
            catch (RuntimeException ex) {
                // not a problem this filter can read: pass it on as it was
                body = this.problem.toByteArray();
            }
            this.problem = null;
            HttpServletResponse response = (HttpServletResponse) getResponse();
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        }

    }

}
