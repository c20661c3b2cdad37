package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.EventJson;
import dev.skein.platform.keyring.EventCipher;
import dev.skein.platform.keyring.KeyringUnavailableException;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record's JSON into the one event type of its topic, so a listener receives the
 * event, not a string. An encrypted value ({@link EventCipher}) is decrypted first; one
 * whose key was erased becomes an {@link ErasedEvent}, which the platform skips (logged
 * at INFO without content, counted in {@code skein.kafka.erased.events}). Wrapped in
 * Spring Kafka's {@code ErrorHandlingDeserializer} (see
 * {@link PlatformKafkaAutoConfiguration}): a record that cannot be read (or was tampered
 * with) reaches the error policy, which parks it on the dead-letter topic at once,
 * instead of failing the poll.
 */
public class EventDeserializer implements Deserializer<Object> {

    /** Counter of the events skipped because their conversation was erased. */
    public static final String ERASED_METRIC = "skein.kafka.erased.events";

    private static final Logger log = LoggerFactory.getLogger(EventDeserializer.class);

    /**
     * A database outage is waited out here: a deserialization failure is never retried.
     */
    private static final long KEYRING_WAIT_MILLIS = 60_000;

    private final @Nullable EventCipher cipher;

    /** For a consumer configured by class name (tests): clear events only. */
    public EventDeserializer() {
        this(null);
    }

    public EventDeserializer(@Nullable EventCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public @Nullable Object deserialize(String topic, byte @Nullable [] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public @Nullable Object deserialize(String topic, @Nullable Headers headers, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        if (!EventCipher.isEncrypted(data)) {
            return EventJson.read(topic, new String(data, StandardCharsets.UTF_8));
        }
        if (this.cipher == null) {
            throw new IllegalStateException("An encrypted event of " + topic + " and no keyring to read it");
        }
        Optional<byte[]> clear = decrypt(data);
        if (clear.isEmpty()) {
            UUID keyId = EventCipher.keyId(data);
            log.info("Skipped an event of {}: its conversation was erased (data key {} is gone)", topic, keyId);
            Metrics.counter(ERASED_METRIC, "topic", topic).increment();
            return new ErasedEvent(topic, keyId);
        }
        return EventJson.read(topic, new String(clear.get(), StandardCharsets.UTF_8));
    }

    private Optional<byte[]> decrypt(byte[] data) {
        long deadline = System.currentTimeMillis() + KEYRING_WAIT_MILLIS;
        long pause = 200;
        while (true) {
            try {
                return this.cipher.decrypt(data);
            }
            catch (KeyringUnavailableException ex) {
                if (System.currentTimeMillis() > deadline) {
                    throw ex;
                }
                log.warn("Keyring unavailable, retrying in {} ms: {}", pause, ex.getCause().toString());
                try {
                    Thread.sleep(pause);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

}
