package dev.skein.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTests {

    @Test
    void roundTripsEveryFieldWithIsoDatesAndNoClassNames() {
        Instant created = Instant.parse("2023-05-08T13:56:00Z");
        TurnRequested event = new TurnRequested(UUID.randomUUID(), Instant.now(), "acme", "conv-1", UUID.randomUUID(),
                new MessageInput("user", "I moved to Lisbon", "Ana", "D1:3", created, Map.of("k", "v")), true);

        String json = EventJson.write(event);

        assertThat(json).contains("\"createdAt\":\"2023-05-08T13:56:00Z\"").doesNotContain("dev.skein");
        assertThat(EventJson.read(Topics.TURN_REQUESTED, json)).isEqualTo(event);
    }

    @Test
    void ignoresFieldsAddedByNewerProducers() {
        String json = """
                {"eventId":"%s","occurredAt":"2026-01-01T00:00:00Z","tenantId":"t","conversationId":"c",
                 "conversationUid":"%s","addedLater":42}""".formatted(UUID.randomUUID(), UUID.randomUUID());

        ConversationErased erased = EventJson.read(json, ConversationErased.class);

        assertThat(erased.tenantId()).isEqualTo("t");
    }

    @Test
    void writingEventsRoundTripOnTheirTopics() {
        WritingRequested requested = new WritingRequested(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"),
                "acme", "conv-1", UUID.randomUUID(), "A 10,000-word report", 10_000);
        WritingProgressed progressed = new WritingProgressed(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:01Z"),
                "acme", "conv-1", requested.jobId(), "section-reviewed", "writing", 2, "Results", 1250, 1249, 3, 8,
                "ok");

        assertThat(EventJson.read(Topics.WRITING_REQUESTED, EventJson.write(requested))).isEqualTo(requested);
        assertThat(EventJson.read(Topics.WRITING_PROGRESSED, EventJson.write(progressed))).isEqualTo(progressed);
        assertThat(Topics.topicOf(requested)).isEqualTo("chat.writing-requested.v1");
        assertThat(Topics.topicOf(progressed)).isEqualTo("generation.writing-progressed.v1");
    }

    @Test
    void everyEventTypeHasExactlyOneTopicAndAMemoryASecondForImports() {
        Map<Class<?>, List<String>> topicsOf = new HashMap<>();
        Topics.TYPES.forEach((topic, type) -> topicsOf.computeIfAbsent(type, t -> new ArrayList<>()).add(topic));
        assertThat(topicsOf).allSatisfy((type, topics) -> assertThat(topics).as(type.getSimpleName())
            .hasSize(type == MemoryRecorded.class ? 2 : 1));
        assertThat(topicsOf.get(MemoryRecorded.class)).containsExactlyInAnyOrder(Topics.MEMORY_RECORDED,
                Topics.MEMORY_IMPORTED);
        ReplyDelta delta = new ReplyDelta(UUID.randomUUID(), Instant.now(), "t", "c", UUID.randomUUID(), 0, "hi");
        assertThat(Topics.topicOf(delta)).isEqualTo(Topics.REPLY_DELTA);
        // an import's memories are sent to their topic by name; every other memory to its
        // own
        MemoryRecorded announcement = MemoryRecorded.imported(Instant.now(), "t", "c", UUID.randomUUID(), 1, 8);
        assertThat(Topics.topicOf(announcement)).isEqualTo(Topics.MEMORY_RECORDED);
        assertThat(EventJson.read(Topics.MEMORY_IMPORTED, EventJson.write(announcement))).isEqualTo(announcement);
        assertThat(announcement.announcesImport()).isTrue();
        assertThat(List.copyOf(Topics.TYPES.keySet())).allMatch(topic -> topic.matches("[a-z]+\\.[a-z-]+\\.v1"));
    }

}
