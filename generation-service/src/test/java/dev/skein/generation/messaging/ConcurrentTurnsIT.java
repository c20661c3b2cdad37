package dev.skein.generation.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Topics;
import dev.skein.generation.AbstractGenerationIT;
import dev.skein.generation.FakeLlmServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Turns wait on the LLM at the same time (the context's topic has one partition: one
 * listener thread used to answer them one after another), a conversation's turns still
 * one after another and in order, and each record is committed once answered.
 */
class ConcurrentTurnsIT extends AbstractGenerationIT {

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    /** The platform's default: one consumer per partition of the default topic layout. */
    @Value("${spring.kafka.listener.concurrency}")
    private int consumersPerListener;

    @Autowired
    private KafkaConnectionDetails connectionDetails;

    @Autowired
    private KafkaTemplate<String, String> kafka;

    @Test
    void turnsOfDifferentConversationsWaitOnTheLlmTogetherAndOneConversationsTurnsInOrder() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.STALL);
        String run = UUID.randomUUID().toString();
        EvidenceRetrieved first = evidenceRetrieved("it-a-" + run, "First question of a " + run, List.of(), false);
        EvidenceRetrieved second = evidenceRetrieved("it-a-" + run, "Second question of a " + run, List.of(), false);
        EvidenceRetrieved other = evidenceRetrieved("it-b-" + run, "Question of b " + run, List.of(), false);
        EvidenceRetrieved third = evidenceRetrieved("it-c-" + run, "Question of c " + run, List.of(), false);
        for (EvidenceRetrieved event : List.of(first, second, other, third)) {
            publish(event, "corr-" + event.turnId());
        }

        // b and c reach the LLM while a's first call is held open: nothing answered yet
        await().atMost(Duration.ofSeconds(30))
            .until(() -> !LLM.requests("p1", "Question of b " + run).isEmpty()
                    && !LLM.requests("p1", "Question of c " + run).isEmpty());
        assertThat(LLM.requests("p1", "First question of a " + run)).isNotEmpty();
        assertThat(LLM.requests("p1", "Second question of a " + run)).as("a's second turn waits for its first")
            .isEmpty();
        assertThat(this.repliesSoFar(first.conversationId())).as("nothing is answered while the calls stall").isEmpty();

        LLM.reset();

        List<ReplyGenerated> ofA = records(Topics.REPLY_GENERATED, first.conversationId(), 2).stream()
            .map(record -> (ReplyGenerated) KafkaEvents.event(record))
            .toList();
        assertThat(ofA).extracting(ReplyGenerated::turnId).containsExactly(first.turnId(), second.turnId());
        assertThat(records(Topics.REPLY_GENERATED, other.conversationId(), 1)).hasSize(1);
        assertThat(records(Topics.REPLY_GENERATED, third.conversationId(), 1)).hasSize(1);
        // acknowledged once answered: the group's commit reaches the end of the topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(uncommitted()).isZero());
    }

    @Test
    void aRecordThatCannotBeReadIsParkedWithoutCommittingATurnStillWaitingOnTheLlm() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.STALL);
        String run = UUID.randomUUID().toString();
        EvidenceRetrieved held = evidenceRetrieved("it-held-" + run, "Held question " + run, List.of(), false);
        publish(held, "corr-" + held.turnId());
        await().atMost(Duration.ofSeconds(30)).until(() -> !LLM.requests("p1", "Held question " + run).isEmpty());

        this.kafka.send(Topics.EVIDENCE_RETRIEVED, "it-bad-" + run, "{not json").get();

        assertThat(records(Topics.EVIDENCE_RETRIEVED + ".dlt", "it-bad-" + run, 1)).hasSize(1);
        // committing the parked record would have committed the turn before it as well
        assertThat(uncommitted()).as("the held turn and the parked record").isGreaterThanOrEqualTo(2);

        LLM.reset();
        assertThat(records(Topics.REPLY_GENERATED, held.conversationId(), 1)).hasSize(1);
        EvidenceRetrieved next = evidenceRetrieved("it-next-" + run, "Next question " + run, List.of(), false);
        publish(next, "corr-" + next.turnId());
        assertThat(records(Topics.REPLY_GENERATED, next.conversationId(), 1)).hasSize(1);
        // the next answered turn commits past the parked record
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(uncommitted()).isZero());
    }

    /**
     * The replies to the conversation published so far: the topic read from its start to
     * the end it has now (not one poll, which may come back before any fetch).
     */
    private List<String> repliesSoFar(String conversationId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.connectionDetails.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(Topics.REPLY_GENERATED, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(100))
                    .forEach(record -> found
                        .addAll(conversationId.equals(record.key()) ? List.of(record.value()) : List.of()));
            }
        }
        return found;
    }

    /**
     * Records of the turns' topic past the generation-service's committed offset.
     */
    private long uncommitted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.connectionDetails.getBootstrapServers())))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("generation-service")
                .partitionsToOffsetAndMetadata()
                .get();
            TopicPartition partition = new TopicPartition(Topics.EVIDENCE_RETRIEVED, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            OffsetAndMetadata mine = committed.get(partition);
            return end - (mine == null ? 0 : mine.offset());
        }
    }

    @Test
    void listenersThatHandTheirRecordsOnAreOneConsumerEach() {
        // the turns go to the workers and the writing jobs to their runner at once;
        // erasures are rare (one consumer for the prompt log, one for the jobs)
        assertThat(consumers(Topics.EVIDENCE_RETRIEVED)).isEqualTo(1);
        assertThat(consumers(Topics.WRITING_REQUESTED)).isEqualTo(1);
        assertThat(consumers(Topics.CONVERSATION_ERASED)).isEqualTo(2);
        // a summary is written on the listener's own thread: one consumer per partition
        assertThat(consumers(Topics.SUMMARY_REQUESTED)).isEqualTo(this.consumersPerListener).isGreaterThan(1);
    }

    /** The consumers this instance runs for the topic, over every listener of it. */
    private int consumers(String topic) {
        return this.listeners.getListenerContainers()
            .stream()
            .filter(container -> Arrays.asList(container.getContainerProperties().getTopics()).contains(topic))
            .mapToInt(container -> ((ConcurrentMessageListenerContainer<?, ?>) container).getContainers().size())
            .sum();
    }

}
