package dev.skein.retrieval.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.platform.text.Words;

/**
 * The {@link MemoryRecorded} events the memory-service publishes for an import of a
 * LoCoMo-format file, one import call per session as {@code skein-tools eval-locomo}
 * makes them: each turn (the first speaker the user, up to 5 key phrases), a window of
 * three turns every two (1–3, 3–5, …), a segment summary of each session once the next
 * one starts, and the conversation summary rebuilt every 5 segments. The summaries are
 * extractive stand-ins (the longest lines up to about 200 tokens), of the size the
 * memory-service's are; the key phrases are its cheap ones (longest content words).
 */
final class RecordedImport {

    private static final DateTimeFormatter SESSION_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
        .appendPattern("h:mm a 'on' d MMMM, yyyy")
        .toFormatter(Locale.ENGLISH);

    private static final int KEY_PHRASES = 5;

    private static final int SUMMARY_CHARS = 800;

    private static final int SEGMENT_MAX_TURNS = 40;

    private static final int SUMMARY_FANOUT = 5;

    /** One session's turns as imported. */
    record Turn(String speaker, String diaId, String text, Instant createdAt, boolean user) {
    }

    record Conversation(String id, List<List<Turn>> sessions, List<String> questions) {

        int turns() {
            return this.sessions.stream().mapToInt(List::size).sum();
        }
    }

    private RecordedImport() {
    }

    static List<Conversation> read(Path file) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        List<Conversation> conversations = new ArrayList<>();
        for (JsonNode item : root) {
            JsonNode conversation = item.get("conversation");
            String speakerA = conversation.get("speaker_a").asString();
            List<List<Turn>> sessions = new ArrayList<>();
            for (int n = 1; conversation.has("session_" + n); n++) {
                Instant start = LocalDateTime
                    .parse(conversation.get("session_" + n + "_date_time").asString().strip(), SESSION_TIME)
                    .toInstant(ZoneOffset.UTC);
                List<Turn> turns = new ArrayList<>();
                for (JsonNode turn : conversation.get("session_" + n)) {
                    String speaker = turn.get("speaker").asString();
                    turns.add(new Turn(speaker, turn.get("dia_id").asString(), turn.get("text").asString(),
                            start.plusSeconds(30L * turns.size()), speaker.equals(speakerA)));
                }
                sessions.add(turns);
            }
            List<String> questions = new ArrayList<>();
            item.get("qa").forEach(qa -> questions.add(qa.get("question").asString()));
            conversations.add(new Conversation(item.get("sample_id").asString(), sessions, questions));
        }
        return conversations;
    }

    /** The events of one import of the conversation, in the order they are published. */
    static List<MemoryRecorded> events(String tenant, String conversationId, Conversation conversation) {
        UUID uid = UUID.randomUUID();
        List<MemoryRecorded> events = new ArrayList<>();
        List<Stored> all = new ArrayList<>();
        List<String> segmentSummaries = new ArrayList<>();
        List<Stored> segment = new ArrayList<>();
        for (List<Turn> session : conversation.sessions()) {
            for (Turn turn : session) {
                // a new session, or a full segment, closes the open one
                boolean breaks = !segment.isEmpty() && (turn == session.get(0) || segment.size() == SEGMENT_MAX_TURNS);
                if (breaks) {
                    segmentSummaries.add(summary(segment.stream().map(Stored::line).toList()));
                    events.add(bank(tenant, conversationId, uid, "summary",
                            "segment:" + segment.get(0).sequence() + "-" + segment.get(segment.size() - 1).sequence(),
                            segmentSummaries.get(segmentSummaries.size() - 1), segment));
                    if (segmentSummaries.size() % SUMMARY_FANOUT == 0) {
                        events.add(bank(tenant, conversationId, uid, "summary", "conversation",
                                summary(segmentSummaries), List.copyOf(all)));
                    }
                    segment = new ArrayList<>();
                }
                Stored stored = new Stored(UUID.randomUUID(), all.size() + 1L, turn);
                all.add(stored);
                segment.add(stored);
                events.add(new MemoryRecorded(UUID.randomUUID(), Instant.now(), tenant, conversationId, uid,
                        stored.id(), "turn", turn.user() ? "user" : "assistant", turn.speaker(), turn.text(),
                        List.of(stored.id()), List.of(turn.diaId()), stored.sequence(), stored.sequence(),
                        turn.createdAt(), keyPhrases(turn.text()), List.of()));
                if (stored.sequence() >= 3 && (stored.sequence() - 3) % 2 == 0) {
                    List<Stored> window = all.subList(all.size() - 3, all.size());
                    events.add(bank(tenant, conversationId, uid, "window",
                            window.get(0).sequence() + "-" + window.get(window.size() - 1).sequence(),
                            String.join("\n", window.stream().map(Stored::line).toList()), window));
                }
            }
        }
        return events;
    }

    private record Stored(UUID id, long sequence, Turn turn) {

        String line() {
            return this.turn.speaker() + ": " + this.turn.text();
        }
    }

    /**
     * A memory of the bank, with the memory-service's id: derived from what it covers, so
     * a rebuilt conversation summary keeps its id.
     */
    private static MemoryRecorded bank(String tenant, String conversationId, UUID uid, String kind, String range,
            String text, List<Stored> covered) {
        Stored first = covered.get(0);
        Stored last = covered.get(covered.size() - 1);
        UUID id = UUID.nameUUIDFromBytes((uid + ":" + kind + ":" + range).getBytes(StandardCharsets.UTF_8));
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), tenant, conversationId, uid, id, kind, null, null,
                text, covered.stream().map(Stored::id).toList(), covered.stream().map(s -> s.turn().diaId()).toList(),
                first.sequence(), last.sequence(), last.turn().createdAt(), List.of(), List.of());
    }

    /** The longest lines up to about 200 tokens, in their order. */
    private static String summary(List<String> lines) {
        List<Integer> byLength = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byLength.add(i);
        }
        byLength.sort(Comparator.comparingInt((Integer i) -> lines.get(i).length()).reversed());
        Set<Integer> kept = new TreeSet<>();
        int chars = 0;
        for (int i : byLength) {
            if (chars + lines.get(i).length() > SUMMARY_CHARS && !kept.isEmpty()) {
                continue;
            }
            kept.add(i);
            chars += lines.get(i).length();
        }
        return String.join("\n", kept.stream().map(lines::get).toList());
    }

    static List<String> keyPhrases(String text) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (word.length() > 1 && !Words.STOP_WORDS.contains(word)) {
                distinct.add(word);
            }
        }
        List<String> words = new ArrayList<>(distinct);
        words.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(words.subList(0, Math.min(KEY_PHRASES, words.size())));
    }

}
