package dev.skein.contracts.internal;

import java.util.List;

import dev.skein.contracts.MessageInput;

/**
 * Messages to append to a conversation without a reply (memory-service
 * {@code messages:import}).
 */
public record ImportRequest(List<MessageInput> messages) {
}
