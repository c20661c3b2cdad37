package dev.skein.gateway.internal;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.client.GenerationApi;
import dev.skein.platform.client.InternalClients;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clients of the three services behind the gateway, with the gateway's URLs and
 * timeouts. The platform's {@link InternalClients} gives them the correlation id and the
 * error translation: a 400 or 404 problem of a service reaches the client, anything else
 * is {@code upstream-unavailable}.
 */
@Configuration(proxyBeanMethods = false)
class InternalClientConfiguration {

    @Bean
    MemoryApi memoryApi(InternalClients clients, GatewayProperties properties) {
        return clients.create(MemoryApi.class, properties.memoryUrl(), properties.upstreamConnectTimeout(),
                properties.upstreamReadTimeout());
    }

    @Bean
    RetrievalApi retrievalApi(InternalClients clients, GatewayProperties properties) {
        return clients.create(RetrievalApi.class, properties.retrievalUrl(), properties.upstreamConnectTimeout(),
                properties.upstreamReadTimeout());
    }

    @Bean
    GenerationApi generationApi(InternalClients clients, GatewayProperties properties) {
        return clients.create(GenerationApi.class, properties.generationUrl(), properties.upstreamConnectTimeout(),
                properties.upstreamReadTimeout());
    }

}
