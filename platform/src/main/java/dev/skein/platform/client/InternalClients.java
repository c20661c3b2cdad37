package dev.skein.platform.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import dev.skein.platform.correlation.Correlation;
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
 * {@link GenerationApi}) for one base URL. Every client carries the correlation id of the
 * work on the calling thread and fails the same way ({@link UpstreamErrors}): a 400, 404
 * or 409 problem of the callee is passed on, anything else is an
 * {@link UpstreamUnavailableException}. Answers are read as tolerantly as events
 * ({@code EventJson}): an unknown field is ignored and a missing number is 0, so a client
 * keeps working while the callee is a version ahead or behind during a rolling
 * deployment.
 */
public class InternalClients {

    private final RestClient.Builder builder;

    private final JsonMapper jsonMapper;

    private final UpstreamErrors errors;

    public InternalClients(RestClient.Builder builder, JsonMapper jsonMapper) {
        this.builder = builder;
        this.jsonMapper = jsonMapper.rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
        this.errors = new UpstreamErrors(this.jsonMapper);
    }

    /**
     * For code that is not a bean (yet): Spring's default message converters, no
     * customizers.
     */
    public static InternalClients standalone() {
        return new InternalClients(RestClient.builder(), JsonMapper.shared());
    }

    /**
     * @param readTimeout longer than the slowest answer the callee may take on purpose (a
     * search with a watermark waits for the index)
     */
    public <T> T create(Class<T> api, URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        RestClient client = this.builder.clone()
            .baseUrl(baseUrl)
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
