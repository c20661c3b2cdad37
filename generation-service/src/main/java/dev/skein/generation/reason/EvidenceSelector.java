package dev.skein.generation.reason;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.skein.contracts.Evidence;
import dev.skein.generation.prompt.ChatMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step 1 of retrieve-then-reason (ALR²): the prompt that asks the model which memories
 * answer the question, by id and with a verbatim quote, and the reading of its answer.
 * The memories are shown with short ids (E1, E2…, in rank order) because small models
 * copy those far more reliably than UUIDs; a memory's UUID is accepted too.
 */
public final class EvidenceSelector {

    /**
     * The opening of the selection instruction; also how a test server recognizes step 1.
     */
    public static final String INSTRUCTION_START = "You select evidence.";

    static final String INSTRUCTION = INSTRUCTION_START + " You get memories from earlier in a conversation, "
            + "each with an id, and a question. Choose only the memories needed to answer the question. For each "
            + "chosen memory give its id and copy, word for word, the exact span of its text that supports the "
            + "answer. Reply with JSON only, no other text: {\"evidence\":[{\"id\":\"E1\",\"quote\":\"exact words\"}]}. "
            + "If no memory helps, reply {\"evidence\":[]}.";

    /**
     * Words that make a message about what was said or happened before. A heuristic,
     * English only: a miss answers directly with all the evidence, a false hit costs one
     * extra call.
     */
    private static final Pattern ABOUT_THE_PAST = Pattern.compile("\\b(did|was|were|had|have i|has|ago|before|"
            + "earlier|previous(ly)?|last|yesterday|remember|recall|remind|told|tell me again|said|say|mentioned?|"
            + "used to|when|since|first|again|my|we)\\b");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidenceSelector() {
    }

    public static boolean aboutThePast(String question) {
        return question != null && ABOUT_THE_PAST.matcher(question.toLowerCase(Locale.ROOT)).find();
    }

    /**
     * "[e2]" → "E2"; a UUID in lower case, as {@link java.util.UUID#toString()} writes
     * it.
     */
    static String canonicalId(String id) {
        String bare = id.replace("[", "").replace("]", "").strip().toLowerCase(Locale.ROOT);
        return bare.matches("e\\d+") ? bare.toUpperCase(Locale.ROOT) : bare;
    }

    /** The ids the model sees: E1, E2… in the given order, plus each memory's UUID. */
    public static Map<String, Evidence> ids(List<Evidence> evidence) {
        Map<String, Evidence> ids = new LinkedHashMap<>();
        for (int i = 0; i < evidence.size(); i++) {
            ids.put("E" + (i + 1), evidence.get(i));
        }
        for (Evidence item : evidence) {
            ids.putIfAbsent(String.valueOf(item.memoryId()), item);
        }
        return ids;
    }

    /**
     * @param question the user's message as the answer prompt states it
     */
    public static List<ChatMessage> prompt(List<Evidence> evidence, String question) {
        StringBuilder memories = new StringBuilder("Memories:");
        for (int i = 0; i < evidence.size(); i++) {
            Evidence item = evidence.get(i);
            String date = item.createdAt() == null ? "undated"
                    : item.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            memories.append("\n[E")
                .append(i + 1)
                .append("] (")
                .append(date)
                .append(") ")
                .append(item.text() == null ? "" : item.text().strip());
        }
        memories.append("\n\nQuestion: ").append(question);
        return List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(memories.toString()));
    }

    /**
     * Reads {"evidence":[{"id":…,"quote":…}]}, also inside a code fence or after some
     * prose.
     * @return empty when the answer is not that JSON
     */
    public static Optional<List<EvidenceVerifier.Selected>> parse(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(answer.substring(start, end + 1));
        }
        catch (JacksonException ex) {
            return Optional.empty();
        }
        JsonNode items = root.path("evidence");
        if (!items.isArray()) {
            return Optional.empty();
        }
        List<EvidenceVerifier.Selected> selected = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode id = item.path("id");
            JsonNode quote = item.path("quote");
            String idText = id.isString() ? id.stringValue() : id.isNumber() ? "E" + id.asInt() : null;
            if (idText != null && quote.isString()) {
                selected.add(new EvidenceVerifier.Selected(canonicalId(idText), quote.stringValue()));
            }
        }
        return Optional.of(selected);
    }

}
