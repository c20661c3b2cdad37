package dev.skein.retrieval.web;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.skein.platform.client.InternalClients;
import dev.skein.platform.client.MemoryApi;

import org.springframework.stereotype.Component;

/**
 * A conversation's salient memories, asked of the memory-service that owns them, for a
 * search whose caller leaves that to this service ({@code salienceFromMemory}): the
 * gateway then makes one call instead of two, and the question is embedded here while the
 * answer is on its way. A conversation the memory-service does not have fails the search
 * with its 404.
 */
@Component
class MemorySalience {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final MemoryApi memory;

    MemorySalience(InternalClients clients, MemoryServiceSettings settings) {
        this.memory = clients.create(MemoryApi.class, settings.urls(), CONNECT_TIMEOUT, settings.timeout());
    }

    /** Memory id → salience in [0, 1]. */
    Map<UUID, Double> of(String tenantId, String conversationId) {
        return SearchParameters.salience(this.memory.salient(tenantId, conversationId).salient());
    }

}
