package dev.skein.platform.kafka;

import java.util.UUID;

/**
 * What a listener's record holds instead of an event whose conversation was erased (its
 * data key is gone): the platform skips it before any listener sees it, without a retry
 * and without parking it on the dead-letter topic.
 */
public record ErasedEvent(String topic, UUID keyId) {
}
