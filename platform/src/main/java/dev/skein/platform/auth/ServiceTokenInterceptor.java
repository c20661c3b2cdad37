package dev.skein.platform.auth;

import java.io.IOException;
import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs each request of one internal client: a fresh token for the callee and the tenant
 * the request's path names (the part after the client's base URL), so the token is good
 * for exactly the data the call asks for.
 */
final class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final ServiceTokens tokens;

    private final String audience;

    private final @Nullable String basePath;

    ServiceTokenInterceptor(ServiceTokens tokens, String audience, URI baseUrl) {
        this.tokens = tokens;
        this.audience = audience;
        String path = baseUrl.getRawPath();
        while (path != null && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.basePath = (path == null || path.isEmpty()) ? null : path;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String path = request.getURI().getRawPath();
        if (this.basePath != null && path.startsWith(this.basePath + "/")) {
            path = path.substring(this.basePath.length());
        }
        request.getHeaders().setBearerAuth(this.tokens.issueForPath(this.audience, path));
        return execution.execute(request, body);
    }

}
