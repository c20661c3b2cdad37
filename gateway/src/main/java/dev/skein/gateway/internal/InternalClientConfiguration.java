package dev.skein.gateway.internal;

import java.net.http.HttpClient;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.correlation.Correlation;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/** One RestClient per internal service: short timeouts, correlation id, problem pass-through. */
@Configuration(proxyBeanMethods = false)
class InternalClientConfiguration {

    @Bean
    MemoryClient memoryClient(RestClient.Builder builder, GatewayProperties properties, UpstreamErrors errors) {
        return new MemoryClient(client(builder, properties, errors, properties.memoryUrl().toString()), errors);
    }

    @Bean
    RetrievalClient retrievalClient(RestClient.Builder builder, GatewayProperties properties, UpstreamErrors errors) {
        return new RetrievalClient(client(builder, properties, errors, properties.retrievalUrl().toString()), errors);
    }

    @Bean
    GenerationClient generationClient(RestClient.Builder builder, GatewayProperties properties, UpstreamErrors errors) {
        return new GenerationClient(client(builder, properties, errors, properties.generationUrl().toString()), errors);
    }

    private static RestClient client(RestClient.Builder builder, GatewayProperties properties, UpstreamErrors errors,
            String baseUrl) {
        return builder.clone()
                .baseUrl(baseUrl)
                .requestFactory(requestFactory(properties))
                .requestInterceptor(correlationId())
                .defaultStatusHandler(status -> status.isError(), errors::onErrorStatus)
                .build();
    }

    private static ClientHttpRequestFactory requestFactory(GatewayProperties properties) {
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection.
        return ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(HttpClientSettings.defaults()
                        .withTimeouts(properties.upstreamConnectTimeout(), properties.upstreamReadTimeout()));
    }

    private static ClientHttpRequestInterceptor correlationId() {
        return (request, body, execution) -> {
            String correlationId = Correlation.current();
            if (correlationId != null) {
                request.getHeaders().set(Correlation.HTTP_HEADER, correlationId);
            }
            return execution.execute(request, body);
        };
    }
}
