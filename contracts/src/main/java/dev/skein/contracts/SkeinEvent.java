package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on the wire carries. Consumers dedupe on {@link #eventId()}; topics
 * are keyed by {@link #conversationId()} so that one conversation's events stay in order.
 */
public interface SkeinEvent {

    UUID eventId();

    Instant occurredAt();

    String tenantId();

    String conversationId();

}
