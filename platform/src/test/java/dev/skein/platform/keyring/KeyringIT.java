package dev.skein.platform.keyring;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.platform.kafka.ErasedEvent;
import dev.skein.platform.kafka.EventDeserializer;
import dev.skein.platform.kafka.EventSerializer;
import dev.skein.testsupport.database.TestDatabase;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The crypto-shredding of conversation events against a real PostgreSQL: what a consumer
 * reads back, what it refuses (tampered, wrong master key), and what it skips (erased).
 */
class KeyringIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SimpleDriverDataSource dataSource;

    private final Keyring keyring = keyring("keyring-it-master-key-0123456789abcdef", Duration.ofSeconds(10));

    private final EventCipher cipher = new EventCipher(this.keyring, RANDOM);

    private final EventSerializer serializer = new EventSerializer(this.cipher);

    private final EventDeserializer deserializer = new EventDeserializer(this.cipher);

    @BeforeAll
    static void database() {
        TestDatabase database = TestDatabase.get();
        dataSource = new SimpleDriverDataSource(new Driver(), database.url(), database.username(), database.password());
    }

    @Test
    void aConversationEventTravelsEncryptedAndIsReadBack() {
        String canary = "canary-" + UUID.randomUUID();
        TurnRequested event = turn(canary);
        ProducerRecord<String, String> record = KafkaEvents.record(event, "corr");

        byte[] wire = this.serializer.serialize(Topics.TURN_REQUESTED, record.headers(), record.value());

        assertThat(EventCipher.isEncrypted(wire)).isTrue();
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain(canary).doesNotContain("canary-");
        assertThat(this.deserializer.deserialize(Topics.TURN_REQUESTED, wire)).isEqualTo(event);
        // a random nonce per event: the same event twice is two different ciphertexts
        assertThat(this.serializer.serialize(Topics.TURN_REQUESTED, record.headers(), record.value()))
            .isNotEqualTo(wire);
    }

    @Test
    void anEventWithoutConversationDataStaysInClear() {
        ConversationErased erased = new ConversationErased(UUID.randomUUID(), Instant.now(), "t", "c",
                UUID.randomUUID());
        ProducerRecord<String, String> record = KafkaEvents.record(erased, null);

        byte[] wire = this.serializer.serialize(Topics.CONVERSATION_ERASED, record.headers(), record.value());

        assertThat(new String(wire, StandardCharsets.UTF_8)).isEqualTo(record.value());
        assertThat(this.deserializer.deserialize(Topics.CONVERSATION_ERASED, wire)).isEqualTo(erased);
    }

    @Test
    void anOutboxPayloadWithoutHeadersIsEncryptedWithTheKeyItsJsonNames() {
        TurnRequested event = turn("from the outbox");
        ProducerRecord<String, String> record = KafkaEvents.record(Topics.TURN_REQUESTED, event.conversationId(),
                KafkaEvents.record(event, null).value(), null);

        byte[] wire = this.serializer.serialize(Topics.TURN_REQUESTED, record.headers(), record.value());

        assertThat(EventCipher.keyId(wire))
            .isEqualTo(this.keyring.forWriting(event.tenantId(), event.conversationId()).id());
        assertThat(this.deserializer.deserialize(Topics.TURN_REQUESTED, wire)).isEqualTo(event);
    }

    @Test
    void onlyTheEventsOwnTenantAndConversationNameItsKeyNotFieldsOfItsParts() {
        String nested = "{\"evidence\":[{\"tenantId\":\"t-inner\",\"conversationId\":\"c-inner\"}],"
                + "\"meta\":{\"tenantId\":\"t-inner\"}}";

        assertThatThrownBy(() -> this.serializer.serialize(Topics.TURN_REQUESTED, null, nested))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("names no tenant or conversation");

        String tenant = "t-" + UUID.randomUUID();
        String conversation = "c-" + UUID.randomUUID();
        String late = "{\"meta\":{\"conversationId\":\"c-inner\",\"n\":[1,{\"tenantId\":\"x\"}]},\"tenantId\":\""
                + tenant + "\",\"conversationId\":\"" + conversation + "\"}";
        byte[] wire = this.serializer.serialize(Topics.TURN_REQUESTED, null, late);

        assertThat(EventCipher.keyId(wire)).isEqualTo(this.keyring.forWriting(tenant, conversation).id());
    }

    @Test
    void aTamperedEventIsRejected() {
        byte[] wire = encrypt(turn("tampered"));
        for (int position : List.of(0, 21, wire.length / 2, wire.length - 1)) {
            byte[] tampered = wire.clone();
            tampered[position] ^= 1;
            assertThatThrownBy(() -> this.cipher.decrypt(tampered))
                .isInstanceOfAny(EventCipher.TamperedEventException.class, IllegalStateException.class);
        }
    }

    @Test
    void aKeyringWithAnotherMasterKeyCannotReadTheEvent() {
        byte[] wire = encrypt(turn("wrong master key"));
        Keyring other = keyring("another-master-key-of-at-least-32-chars", Duration.ofSeconds(10));

        assertThatThrownBy(() -> new EventCipher(other, RANDOM).decrypt(wire)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not by the configured one");
    }

    @Test
    void anEventWhoseKeyWasErasedIsSkippedAsErased() {
        TurnRequested event = turn("erased");
        byte[] wire = encrypt(event);
        // another service, whose cache never saw the key
        Keyring elsewhere = keyring("keyring-it-master-key-0123456789abcdef", Duration.ofSeconds(10));

        assertThat(this.keyring.erase(event.tenantId(), event.conversationId())).isEqualTo(1);

        assertThat(this.deserializer.deserialize(Topics.TURN_REQUESTED, wire))
            .isEqualTo(new ErasedEvent(Topics.TURN_REQUESTED, EventCipher.keyId(wire)));
        assertThat(new EventCipher(elsewhere, RANDOM).decrypt(wire)).isEmpty();
        // the conversation id used again: a new key, and the old events stay unreadable
        assertThat(this.keyring.forWriting(event.tenantId(), event.conversationId()).id())
            .isNotEqualTo(EventCipher.keyId(wire));
        assertThat(this.cipher.decrypt(wire)).isEmpty();
    }

    @Test
    void concurrentWritersOfANewConversationAgreeOnOneKey() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String conversation = "c-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<UUID>> writers = java.util.stream.IntStream.range(0, 8)
                .mapToObj((i) -> (Callable<UUID>) () -> keyring("keyring-it-master-key-0123456789abcdef",
                        Duration.ofSeconds(10))
                    .forWriting(tenant, conversation)
                    .id())
                .toList();
            List<UUID> ids = pool.invokeAll(writers).stream().map(KeyringIT::get).distinct().toList();
            assertThat(ids).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /**
     * Prints the cost per event of encryption and decryption with a cached key (a
     * measurement, not an assertion on time).
     */
    @Test
    void measuresThePerEventCost() {
        TurnRequested event = turn("x".repeat(400));
        ProducerRecord<String, String> record = KafkaEvents.record(event, null);
        byte[] plain = this.serializer.serialize(Topics.CONVERSATION_ERASED, record.headers(), record.value());
        int rounds = 20_000;
        byte[] wire = null;
        for (int warm = 0; warm < 2; warm++) {
            long started = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                wire = this.serializer.serialize(Topics.TURN_REQUESTED, record.headers(), record.value());
            }
            long encrypted = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertThat(this.cipher.decrypt(wire)).isPresent();
            }
            long decrypted = System.nanoTime();
            System.out.printf("per event of %d bytes: encrypt %.1f us, decrypt %.1f us, %d bytes on the wire%n",
                    plain.length, (encrypted - started) / 1000.0 / rounds, (decrypted - encrypted) / 1000.0 / rounds,
                    wire.length);
        }
        assertThat(this.deserializer.deserialize(Topics.TURN_REQUESTED, wire)).isEqualTo(event);
    }

    @Test
    void aShortMasterKeyIsRefused() {
        assertThatThrownBy(() -> MasterKey.of("too short", RANDOM)).isInstanceOf(IllegalArgumentException.class);
    }

    private byte[] encrypt(TurnRequested event) {
        ProducerRecord<String, String> record = KafkaEvents.record(event, null);
        return this.serializer.serialize(Topics.TURN_REQUESTED, record.headers(), record.value());
    }

    private static Keyring keyring(String master, Duration ttl) {
        Keyring keyring = new Keyring(dataSource, MasterKey.of(master, RANDOM), RANDOM, ttl, 1000);
        keyring.createSchema();
        return keyring;
    }

    private static TurnRequested turn(String content) {
        return new TurnRequested(UUID.randomUUID(), Instant.now(), "tenant-" + UUID.randomUUID(),
                "conversation-" + UUID.randomUUID(), UUID.randomUUID(),
                new MessageInput("user", content, "Ana", null, null, null), false);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

}
