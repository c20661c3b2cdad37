package dev.skein.tools;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A file in LoCoMo's format: conversations of dated sessions, and questions with gold
 * evidence ids.
 */
record LocomoDataset(List<Conversation> conversations) {

    private static final DateTimeFormatter SESSION_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
        .appendPattern("h:mm a 'on' d MMMM, yyyy")
        .toFormatter(Locale.ENGLISH);

    private static final Pattern DIA_ID = Pattern.compile("D:?(\\d+):(\\d+)");

    record Turn(String diaId, String speaker, String text) {
    }

    record Session(int number, Instant startedAt, List<Turn> turns) {
    }

    /**
     * @param evidence normalized dialogue ids ("D8:6; D9:17" and "D:11:26" are repaired)
     * @param answer the gold answer as text (numbers too), empty where the file has none
     * (adversarial questions carry theirs elsewhere)
     */
    record Question(String question, int category, Set<String> evidence, String answer) {
    }

    record Conversation(String sampleId, String speakerA, String speakerB, List<Session> sessions,
            List<Question> questions) {

        int sessionOf(String diaId) {
            Matcher matcher = DIA_ID.matcher(diaId);
            return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
        }
    }

    static LocomoDataset read(Path file) {
        JsonNode root = SkeinApi.JSON.readTree(file.toFile());
        List<Conversation> conversations = new ArrayList<>();
        for (JsonNode item : root) {
            JsonNode conversation = item.path("conversation");
            List<Session> sessions = new ArrayList<>();
            for (int n = 1; conversation.has("session_" + n); n++) {
                List<Turn> turns = new ArrayList<>();
                for (JsonNode turn : conversation.path("session_" + n)) {
                    String text = turn.path("text").asString();
                    if (turn.hasNonNull("blip_caption")) {
                        text = text + " [shares an image: " + turn.path("blip_caption").asString() + "]";
                    }
                    turns.add(new Turn(turn.path("dia_id").asString(), turn.path("speaker").asString(), text));
                }
                Instant started = parseTime(conversation.path("session_" + n + "_date_time").asString());
                sessions.add(new Session(n, started, turns));
            }
            List<Question> questions = new ArrayList<>();
            for (JsonNode qa : item.path("qa")) {
                Set<String> evidence = new LinkedHashSet<>();
                qa.path("evidence").forEach(id -> evidence.addAll(normalizeEvidence(id.asString())));
                questions.add(new Question(qa.path("question").asString(), qa.path("category").asInt(), evidence,
                        qa.path("answer").isMissingNode() || qa.path("answer").isNull() ? ""
                                : qa.path("answer").asString()));
            }
            conversations
                .add(new Conversation(item.path("sample_id").asString(), conversation.path("speaker_a").asString(),
                        conversation.path("speaker_b").asString(), sessions, questions));
        }
        return new LocomoDataset(conversations);
    }

    static Instant parseTime(String text) {
        return LocalDateTime.parse(text.trim(), SESSION_TIME).toInstant(ZoneOffset.UTC);
    }

    static List<String> normalizeEvidence(String raw) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = DIA_ID.matcher(raw);
        while (matcher.find()) {
            ids.add("D" + Integer.parseInt(matcher.group(1)) + ":" + Integer.parseInt(matcher.group(2)));
        }
        return ids;
    }
}
