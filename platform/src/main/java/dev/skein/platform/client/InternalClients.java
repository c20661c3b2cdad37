package dev.skein.platform.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import dev.skein.platform.auth.ServiceTokens;
import dev.skein.platform.correlation.Correlation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Builds the client of an internal API ({@link MemoryApi}, {@link RetrievalApi},
 * {@link GenerationApi}) for one base URL. Every client signs each request with a service
 * token for the callee and the tenant in the request's path ({@link ServiceTokens}),
 * carries the correlation id of the work on the calling thread and fails the same way
 * ({@link UpstreamErrors}): a 400, 404 or 409 problem of the callee is passed on,
 * anything else is an {@link UpstreamUnavailableException}. Answers are read as
 * tolerantly as events ({@code EventJson}): an unknown field is ignored and a missing
 * number is 0, so a client keeps working while the callee is a version ahead or behind
 * during a rolling deployment.
 */
public class InternalClients {

    /**
     * The callee of each API: the audience of its tokens, its spring.application.name.
     */
    private static final Map<Class<?>, String> SERVICES = Map.of(MemoryApi.class, "memory-service", RetrievalApi.class,
            "retrieval-service", GenerationApi.class, "generation-service");

    private final RestClient.Builder builder;

    private final JsonMapper jsonMapper;

    private final UpstreamErrors errors;

    private final @Nullable ServiceTokens tokens;

    /**
     * @param tokens signs every request; null only for tests of callees that check
     * nothing
     */
    public InternalClients(RestClient.Builder builder, JsonMapper jsonMapper, @Nullable ServiceTokens tokens) {
        this.builder = builder;
        this.tokens = tokens;
        this.jsonMapper = jsonMapper.rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
        this.errors = new UpstreamErrors(this.jsonMapper);
    }

    /**
     * For code that is not a bean: Spring's default message converters, no customizers,
     * requests signed with {@code tokens} (null: unsigned, which a Skein service
     * refuses).
     */
    public static InternalClients standalone(@Nullable ServiceTokens tokens) {
        return new InternalClients(RestClient.builder(), JsonMapper.shared(), tokens);
    }

    /**
     * @param readTimeout longer than the slowest answer the callee may take on purpose (a
     * search with a watermark waits for the index)
     */
    public <T> T create(Class<T> api, URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        RestClient.Builder builder = this.builder.clone();
        if (this.tokens != null) {
            String service = SERVICES.get(api);
            if (service == null) {
                throw new IllegalArgumentException("No Skein service serves " + api.getName());
            }
            builder.requestInterceptor(this.tokens.interceptor(service, baseUrl));
        }
        RestClient client = builder.baseUrl(baseUrl)
            .configureMessageConverters(
                    converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(this.jsonMapper)))
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every
                // new connection.
                .withHttpClientCustomizer(http -> http.version(HttpClient.Version.HTTP_1_1))
                .build(HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout)))
            .requestInterceptor(InternalClients::withCorrelationId)
            .defaultStatusHandler(HttpStatusCode::isError, this.errors::onErrorStatus)
            .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client))
            .exchangeAdapterDecorator(this.errors::translating)
            .build()
            .createClient(api);
    }

    private static ClientHttpResponse withCorrelationId(HttpRequest request, byte[] body,
            ClientHttpRequestExecution execution) throws IOException {
        String correlationId = Correlation.current();
        if (correlationId != null) {
            request.getHeaders().set(Correlation.HTTP_HEADER, correlationId);
        }
        return execution.execute(request, body);
    }

}
