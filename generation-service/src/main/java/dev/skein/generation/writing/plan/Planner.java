package dev.skein.generation.writing.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans a long text into sections with word budgets (AgentWrite's plan step): one LLM
 * call that answers JSON, budgets rescaled to add up to the target ({@link WordBudgets}).
 * A model that answers something else, or a plan whose sections could not be written well
 * in one call, gives way to {@link #fallback(String, int, String) a deterministic plan}
 * rather than failing the job.
 */
public class Planner {

    private static final Logger log = LoggerFactory.getLogger(Planner.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String INSTRUCTION_START = "You plan long texts.";

    /**
     * A section of the fallback plan is at most this long: what a model writes reliably
     * in one call.
     */
    static final int FALLBACK_SECTION_WORDS = 1_500;

    /** Budgets outside these bounds make a model's plan unusable. */
    static final int MIN_SECTION_WORDS = 50;

    static final int MAX_SECTION_WORDS = 2_000;

    static final int MAX_SECTIONS = 60;

    private static final int MAX_TITLE_CHARS = 200;

    private static final int MAX_BRIEF_CHARS = 1_000;

    static final String INSTRUCTION = INSTRUCTION_START + " Split the requested text into sections that can be "
            + "written independently of each other, in reading order. Give each a short title, a brief of what it "
            + "covers (one to three sentences, so that no two sections overlap) and a length in words. Use sections "
            + "of 800 to 1,500 words; the lengths must add up to the total length. Answer with JSON only, in this "
            + "form: {\"sections\":[{\"title\":\"...\",\"brief\":\"...\",\"targetWords\":1200}]}";

    private final LlmProviders llm;

    public Planner(LlmProviders llm) {
        this.llm = llm;
    }

    public WritingPlan plan(String instruction, int targetWords, long deadline) {
        String reply;
        try {
            reply = this.llm.complete(prompt(instruction, targetWords), false, deadline).completion().content();
        }
        catch (LlmCallFailed ex) {
            log.warn("Planning call failed ({}); using the fallback plan", ex.getMessage());
            return fallback(instruction, targetWords, "the planning call failed: " + ex.getMessage());
        }
        return fromReply(reply, instruction, targetWords);
    }

    static List<ChatMessage> prompt(String instruction, int targetWords) {
        int suggested = Math.max(1, ceilDiv(targetWords, 1_250));
        return List.of(ChatMessage.system(INSTRUCTION),
                ChatMessage.user(String.format(Locale.ROOT,
                        "Total length: %d words.%nSuggested number of sections: %d.%nThe text to write: %s",
                        targetWords, suggested, instruction)));
    }

    /** The model's plan with its budgets normalised, or the fallback plan saying why. */
    static WritingPlan fromReply(String reply, String instruction, int targetWords) {
        List<JsonNode> items;
        try {
            items = sections(reply);
        }
        catch (JacksonException | IllegalArgumentException ex) {
            return fallback(instruction, targetWords, "the model's plan was not the JSON asked for");
        }
        List<String> titles = new ArrayList<>();
        List<String> briefs = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (JsonNode item : items) {
            String title = item.path("title").asString("").strip();
            if (title.isEmpty()) {
                continue;
            }
            String brief = item.path("brief").asString("").strip();
            titles.add(cut(title, MAX_TITLE_CHARS));
            briefs.add(cut(brief.isEmpty() ? title : brief, MAX_BRIEF_CHARS));
            JsonNode words = item.path("targetWords");
            lengths.add(length(words));
        }
        if (titles.isEmpty()) {
            return fallback(instruction, targetWords, "the model's plan had no sections");
        }
        if (titles.size() > MAX_SECTIONS) {
            return fallback(instruction, targetWords, "the model's plan had more than " + MAX_SECTIONS + " sections");
        }
        List<Integer> budgets = WordBudgets.normalise(lengths, targetWords);
        for (int budget : budgets) {
            if (budget < MIN_SECTION_WORDS || budget > MAX_SECTION_WORDS) {
                return fallback(instruction, targetWords, "a section of the model's plan would need " + budget
                        + " words (allowed " + MIN_SECTION_WORDS + " to " + MAX_SECTION_WORDS + ")");
            }
        }
        List<PlannedSection> sections = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            sections.add(new PlannedSection(i, titles.get(i), briefs.get(i), budgets.get(i)));
        }
        return new WritingPlan(sections, WritingPlan.LLM, null);
    }

    /**
     * Equal sections of at most {@link #FALLBACK_SECTION_WORDS} words: an introduction,
     * numbered parts and a conclusion, each brief naming its share of the instruction.
     */
    static WritingPlan fallback(String instruction, int targetWords, String why) {
        int count = Math.max(1, ceilDiv(targetWords, FALLBACK_SECTION_WORDS));
        List<Integer> budgets = WordBudgets.normalise(java.util.Collections.nCopies(count, 1), targetWords);
        List<PlannedSection> sections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String title;
            String brief;
            if (count == 1) {
                title = "Text";
                brief = "The whole text asked for.";
            }
            else if (i == 0) {
                title = "Introduction";
                brief = "Introduce the subject, why it matters and what the following parts cover.";
            }
            else if (i == count - 1) {
                title = "Conclusion";
                brief = "Draw the parts together into conclusions; do not repeat them at length.";
            }
            else {
                title = "Part " + i;
                brief = String.format(Locale.ROOT,
                        "Aspect %d of %d of the subject, in a logical order; cover " + "ground the other parts do not.",
                        i, count - 2);
            }
            sections.add(new PlannedSection(i, title, brief, budgets.get(i)));
        }
        return new WritingPlan(sections, WritingPlan.FALLBACK, why);
    }

    /**
     * The {@code sections} array of the reply, tolerating code fences and text around the
     * JSON.
     */
    private static List<JsonNode> sections(String reply) {
        if (reply == null) {
            throw new IllegalArgumentException("no reply");
        }
        // whichever comes first: {"sections":[...]} or a bare [...]
        int object = reply.indexOf('{');
        int array = reply.indexOf('[');
        boolean isObject = object >= 0 && (array < 0 || object < array);
        int start = isObject ? object : array;
        int end = isObject ? reply.lastIndexOf('}') : reply.lastIndexOf(']');
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("no JSON");
        }
        JsonNode root = JSON.readTree(reply.substring(start, end + 1));
        JsonNode sections = root.isArray() ? root : root.path("sections");
        if (!sections.isArray()) {
            throw new IllegalArgumentException("no sections array");
        }
        return sections.valueStream().filter(JsonNode::isObject).toList();
    }

    /** A number, or a string such as "1200 words"; null when neither. */
    private static Integer length(JsonNode words) {
        if (words.isNumber()) {
            return (int) Math.min(Integer.MAX_VALUE, Math.round(words.asDouble()));
        }
        return words.isString() ? parseOrNull(words.asString()) : null;
    }

    private static Integer parseOrNull(String text) {
        try {
            return Integer.valueOf(text.replaceAll("[^0-9]", ""));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

}
