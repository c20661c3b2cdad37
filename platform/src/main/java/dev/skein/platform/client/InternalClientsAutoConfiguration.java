package dev.skein.platform.client;

import dev.skein.platform.auth.InternalAuthAutoConfiguration;
import dev.skein.platform.auth.ServiceTokens;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * The {@link InternalClients} of a service, on Spring Boot's {@link RestClient.Builder}
 * (its message converters and customizers), signing with the service's
 * {@link ServiceTokens}. Each service declares the API clients it needs, with its own
 * URLs.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, RestClientAutoConfiguration.class,
        InternalAuthAutoConfiguration.class })
public class InternalClientsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InternalClients internalClients(ObjectProvider<RestClient.Builder> builder, ObjectProvider<JsonMapper> jsonMapper,
            ServiceTokens tokens) {
        return new InternalClients(builder.getIfAvailable(RestClient::builder),
                jsonMapper.getIfAvailable(JsonMapper::shared), tokens);
    }

}
