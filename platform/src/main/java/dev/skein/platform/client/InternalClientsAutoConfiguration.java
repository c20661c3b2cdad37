package dev.skein.platform.client;

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
 * (its message converters and customizers). Each service declares the API clients it
 * needs, with its own URLs.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, RestClientAutoConfiguration.class })
public class InternalClientsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InternalClients internalClients(ObjectProvider<RestClient.Builder> builder, ObjectProvider<JsonMapper> jsonMapper) {
        return new InternalClients(builder.getIfAvailable(RestClient::builder),
                jsonMapper.getIfAvailable(JsonMapper::shared));
    }

}
