package dev.skein.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-compatible chat-completions endpoint that answers at once with a fixed reply,
 * streamed or not: what is left of a turn's time against it is what Skein adds to an LLM
 * call. With {@code --latency-ms N} it answers after N ms, as a real model keeps a call
 * open: what the load test then measures is how many turns Skein has with an LLM at once.
 * For benchmarks only; never a stand-in for a model (it says so in every reply).
 * <p>
 * It also answers long-form writing's calls (for {@code bench-writing}): a plan request
 * ("Total length: N words") with a JSON plan whose budgets do not add up (1,000 words per
 * section, N/1,250 sections), a section ("Length: about N words") and a revision ("Revise
 * to: about N words") with about N words of filler: with {@code --length-spread S} each
 * misses the asked length by a uniform random share in [-S, +S], reproducible for
 * {@code --seed}, as a real model does. And it judges {@code eval-locomo --qa} answers by
 * containment ({@link #judgeReply}).
 */
final class FakeLlm {

    static final String[] PIECES = { "This is", " the benchmark's", " fake LLM,", " answering", " at once;",
            " no model", " wrote this." };

    private static final Pattern PLAN = Pattern.compile("Total length: (\\d+) words");

    private static final Pattern SECTION = Pattern.compile("Length: about (\\d+) words");

    private static final Pattern REVISION = Pattern.compile("Revise to: about (\\d+) words");

    private static final Pattern WHICH_SECTION = Pattern.compile("Write section \\d+|Section \"[^\"]*");

    private static final Pattern JUDGED = Pattern.compile("\nGold answer: (.*)\nGenerated answer: (.*)",
            Pattern.DOTALL);

    private static final Pattern DRAFT_WORDS = Pattern.compile("The draft below has (\\d+) words");

    private static final String[] VOCABULARY = { "memory", "systems", "keep", "long", "conversations", "coherent",
            "while", "each", "model", "call", "stays", "small", "and", "the", "report", "explains", "why" };

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms
        // per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final int port;

    private final double lengthSpread;

    private final long seed;

    /** How long the model takes before it answers (a chat reply's whole time). */
    private final int latencyMillis;

    /**
     * Words a chat reply has besides its note that no model wrote it: 0 for the note
     * alone; a real model's answer is often a few hundred words, longer than a flash turn
     * may be (it is condensed, and the index reads every word).
     */
    private final int replyWords;

    /** Chat replies so far: each starts further on in the vocabulary, so they differ. */
    private final AtomicInteger replies = new AtomicInteger();

    FakeLlm(Options options) {
        this.port = options.integer("port", 18999);
        this.lengthSpread = options.decimal("length-spread", 0);
        this.seed = options.integer("seed", 1);
        this.latencyMillis = options.integer("latency-ms", 0);
        this.replyWords = options.integer("reply-words", 0);
        if (this.replyWords < 0) {
            throw new IllegalArgumentException("--reply-words must not be negative, was " + this.replyWords);
        }
        if (this.latencyMillis < 0) {
            throw new IllegalArgumentException("--latency-ms must not be negative, was " + this.latencyMillis);
        }
        if (this.lengthSpread < 0 || this.lengthSpread >= 1) {
            throw new IllegalArgumentException(
                    "--length-spread must be at least 0 and below 1, was " + this.lengthSpread);
        }
    }

    /** Starts serving; answers the port (an option of 0 picks a free one). */
    int run() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 64);
        // a thread per call: a model with --latency-ms keeps many calls open at once
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
        int bound = server.getAddress().getPort();
        System.out.printf(Locale.ROOT,
                "fake LLM at http://127.0.0.1:%d/v1, answering after %d ms with %d more words, writing lengths missed "
                        + "by up to ±%.0f%% (Ctrl-C stops it)%n",
                bound, this.latencyMillis, this.replyWords, this.lengthSpread * 100);
        return bound;
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = SkeinApi.JSON.readTree(exchange.getRequestBody().readAllBytes());
        boolean stream = request.path("stream").asBoolean(false);
        String model = request.path("model").asString("fake");
        StringBuilder prompt = new StringBuilder();
        request.path("messages").forEach(message -> prompt.append(message.path("content").asString("")).append('\n'));
        String writing = writingReply(prompt.toString());
        if (writing == null) {
            writing = judgeReply(prompt.toString());
        }
        if (this.latencyMillis > 0) {
            try {
                Thread.sleep(this.latencyMillis);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String[] pieces = writing != null ? new String[] { writing } : chatReply();
        byte[] body;
        if (stream) {
            StringBuilder events = new StringBuilder();
            for (String piece : pieces) {
                events.append("data: ")
                    .append(SkeinApi.JSON.writeValueAsString(Map.of("id", "fake", "object", "chat.completion.chunk",
                            "model", model, "choices", List.of(Map.of("index", 0, "delta", Map.of("content", piece))))))
                    .append("\n\n");
            }
            events.append("data: ")
                .append(SkeinApi.JSON
                    .writeValueAsString(Map.of("id", "fake", "object", "chat.completion.chunk", "model", model,
                            "choices", List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop")))))
                .append("\n\ndata: [DONE]\n\n");
            body = events.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        }
        else {
            String content = String.join("", pieces);
            body = SkeinApi.JSON
                .writeValueAsBytes(Map.of("id", "fake", "object", "chat.completion", "model", model, "choices",
                        List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
                                "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", 100, "completion_tokens", PIECES.length, "total_tokens",
                                100 + PIECES.length)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * A chat reply's pieces: the note that no model wrote it, then {@code --reply-words}
     * words in sentences of twelve.
     */
    private String[] chatReply() {
        if (this.replyWords == 0) {
            return PIECES;
        }
        int start = this.replies.getAndIncrement() * 7;
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < this.replyWords; i++) {
            String word = VOCABULARY[(start + i) % VOCABULARY.length];
            more.append(i % 12 == 0 ? " " + Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word)
                .append(i % 12 == 11 || i == this.replyWords - 1 ? "." : "");
        }
        String[] pieces = Arrays.copyOf(PIECES, PIECES.length + 1);
        pieces[PIECES.length] = more.toString();
        return pieces;
    }

    /** The answer to a long-form writing call, or null when the request is not one. */
    String writingReply(String prompt) {
        Matcher revision = REVISION.matcher(prompt);
        if (revision.find()) {
            return words(noisy(Integer.parseInt(revision.group(1)), prompt));
        }
        Matcher section = SECTION.matcher(prompt);
        if (section.find()) {
            // a heading the section must not keep (the generation-service drops it)
            return "## A heading\n\n" + words(noisy(Integer.parseInt(section.group(1)), prompt));
        }
        Matcher plan = PLAN.matcher(prompt);
        if (plan.find()) {
            int count = Math.max(1, Math.round(Integer.parseInt(plan.group(1)) / 1250f));
            List<Map<String, Object>> sections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sections.add(Map.of("title", "Chapter " + (i + 1), "brief", "What chapter " + (i + 1) + " covers.",
                        "targetWords", 1000));
            }
            return "Here is the plan:\n```json\n" + SkeinApi.JSON.writeValueAsString(Map.of("sections", sections))
                    + "\n```";
        }
        return null;
    }

    /**
     * The answer to an {@code eval-locomo --qa} judge call, or null when the request is
     * not one: CORRECT when every word of the gold answer is in the generated answer. A
     * containment test, not a judgement: it lets the QA mode run end to end without a
     * model.
     */
    String judgeReply(String prompt) {
        Matcher judged = JUDGED.matcher(prompt);
        if (!judged.find()) {
            return null;
        }
        List<String> answer = AnswerF1.tokens(judged.group(2));
        return answer.containsAll(AnswerF1.tokens(judged.group(1))) ? "CORRECT" : "WRONG";
    }

    /**
     * The asked length missed by a share drawn from a random seeded with the call's
     * identity (which section, which draft, how long), so a run is the same whatever
     * order parallel sections take.
     */
    private int noisy(int asked, String prompt) {
        if (this.lengthSpread == 0) {
            return asked;
        }
        Matcher which = WHICH_SECTION.matcher(prompt);
        Matcher draft = DRAFT_WORDS.matcher(prompt);
        String key = (which.find() ? which.group() : "") + "|" + (draft.find() ? draft.group(1) : "") + "|" + asked;
        Random random = new Random(this.seed * 31 + key.hashCode());
        return (int) Math.round(asked * (1 + (random.nextDouble() * 2 - 1) * this.lengthSpread));
    }

    /** {@code count} words of running prose, in paragraphs of 60. */
    static String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(i % 60 == 0 ? "\n\n" : " ");
            }
            text.append(VOCABULARY[i % VOCABULARY.length]);
        }
        return text.toString();
    }

}
