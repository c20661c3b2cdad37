package dev.skein.generation.writing;

import java.time.Duration;

import dev.skein.platform.client.InternalClients;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What long-form writing calls in other services: the memory-service's import, the
 * retrieval-service's search.
 */
@Configuration(proxyBeanMethods = false)
class WritingClients {

    /**
     * An import of ~40 sections tokenizes and stores them in one transaction: well under
     * this.
     */
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    ConversationImport conversationImport(InternalClients clients, WritingProperties properties) {
        return new ConversationImport(
                clients.create(MemoryApi.class, properties.memoryUrl(), IMPORT_TIMEOUT, IMPORT_TIMEOUT));
    }

    @Bean
    MemoryContext memoryContext(InternalClients clients, WritingProperties properties) {
        return new MemoryContext(clients.create(RetrievalApi.class, properties.retrievalUrl(),
                properties.retrievalTimeout(), properties.retrievalTimeout()), properties.memoryTopK());
    }

}
