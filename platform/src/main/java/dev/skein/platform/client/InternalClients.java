package dev.skein.platform.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.skein.platform.auth.ServiceTokens;
import dev.skein.platform.correlation.Correlation;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Builds the client of an internal API ({@link MemoryApi}, {@link RetrievalApi},
 * {@link GenerationApi}) for the base URLs of the callee's instances, balanced over them
 * and failing over from a dead one ({@link Instances}). Every client signs each request
 * with a service token for the callee and the tenant in the request's path
 * ({@link ServiceTokens}), carries the correlation id of the work on the calling thread
 * and fails the same way ({@link UpstreamErrors}): a 400, 404 or 409 problem of the
 * callee is passed on, anything else is an {@link UpstreamUnavailableException}. Answers
 * are read as tolerantly as events ({@code EventJson}): an unknown field is ignored and a
 * missing number is 0, so a client keeps working while the callee is a version ahead or
 * behind during a rolling deployment.
 */
public class InternalClients {

    /**
     * The callee of each API: the audience of its tokens, its spring.application.name.
     */
    private static final Map<Class<?>, String> SERVICES = Map.of(MemoryApi.class, "memory-service", RetrievalApi.class,
            "retrieval-service", GenerationApi.class, "generation-service");

    /**
     * How long an instance that refused a connection is left out: long enough that a dead
     * instance costs one refused connection per few seconds, not one per request; short
     * enough that a restarted one gets work again soon.
     */
    static final Duration EJECT_FOR = Duration.ofSeconds(5);

    /**
     * Pooled connections to one instance: above the callers' concurrency (Tomcat's
     * threads of the calling service), so that no call waits for a connection.
     */
    static final int POOL_PER_INSTANCE = 64;

    /**
     * Below Tomcat's keep-alive timeout, so the client closes an idle connection before
     * the server does.
     */
    static final TimeValue EVICT_IDLE_AFTER = TimeValue.ofSeconds(15);

    static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);

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
        return create(api, List.of(baseUrl), connectTimeout, readTimeout);
    }

    /**
     * A client balanced over several instances of one service (their base URLs, each with
     * the same path).
     * @param readTimeout longer than the slowest answer the callee may take on purpose (a
     * search with a watermark waits for the index)
     */
    public <T> T create(Class<T> api, List<URI> baseUrls, Duration connectTimeout, Duration readTimeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("No base URL for " + api.getName());
        }
        URI baseUrl = baseUrls.get(0);
        String service = SERVICES.get(api);
        if (service == null) {
            throw new IllegalArgumentException("No Skein service serves " + api.getName());
        }
        RestClient.Builder builder = this.builder.clone();
        if (this.tokens != null) {
            builder.requestInterceptor(this.tokens.interceptor(service, baseUrl));
        }
        RestClient client = builder.baseUrl(baseUrl)
            .configureMessageConverters(
                    converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(this.jsonMapper)))
            .requestFactory(requestFactory(connectTimeout, readTimeout))
            .requestInterceptor(InternalClients::withCorrelationId)
            // last: a retry on another instance sends the signed request as it is
            .requestInterceptor(new Instances(service, baseUrls, EJECT_FOR, System::nanoTime))
            .defaultStatusHandler(HttpStatusCode::isError, this.errors::onErrorStatus)
            .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client))
            .exchangeAdapterDecorator(this.errors::translating)
            .build()
            .createClient(api);
    }

    /**
     * Apache HttpClient's classic (blocking) client over a pool of keep-alive
     * connections. The JDK's HttpClient hands every exchange to its selector thread and
     * back, which cost about twice the loopback round trip here (0.48 against 0.22 ms p50
     * quiet, 1.9 against 0.5 ms p90 with the machine busy); an internal call is on the
     * path of every search and import. Its own retries are off: a failed call is retried
     * on another instance by {@link Instances}, or not at all.
     */
    static ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout) {
        return ClientHttpRequestFactoryBuilder.httpComponents()
            .withConnectionManagerCustomizer(
                    pool -> pool.setMaxConnPerRoute(POOL_PER_INSTANCE).setMaxConnTotal(POOL_PER_INSTANCE * 4))
            // an idle connection the callee closed is checked before reuse, not failed on
            .withConnectionConfigCustomizer(connection -> connection.setValidateAfterInactivity(VALIDATE_AFTER_IDLE))
            .withHttpClientCustomizer(http -> http.disableAutomaticRetries().evictIdleConnections(EVICT_IDLE_AFTER))
            .build(HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout));
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
