package dev.skein.retrieval.web;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.skein.platform.client.InternalClients;
import dev.skein.platform.client.MemoryApi;

import org.springframework.stereotype.Component;

/**
 * A conversation's salient memories, asked of the memory-service that owns them, for a
 * search whose caller leaves that to this service ({@code salienceFromMemory}) before the
 * conversation's first announcement ({@code memory.salience-changed.v1}) has reached the
 * index; the question is embedded meanwhile on another thread. A conversation the
 * memory-service does not have fails the search with its 404.
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
