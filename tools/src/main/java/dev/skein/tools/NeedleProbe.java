package dev.skein.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * NeedleBench-style probe of the memory controller and the retrieval search, through the
 * public API. For each length it imports a conversation of varied filler with 20 planted
 * facts at depths 0–100% (every fourth later updated with a new value) in chunks of
 * 5,000, waits until the index holds the last chunk (watermark) and the windows and
 * summaries are indexed too, asks 10 warm-up questions (not counted), then asks for each
 * fact in a chat turn and checks the planted value is in the assembled context (the
 * reply's evidence or the reply, which the extractive responder builds only from the
 * context), and for updated facts that the current value comes before the old one
 * (evidence is ranked best first; the prompt orders it by time).
 * <p>
 * Turn latency is the HTTP time of each question. Controller latency (from the consumed
 * TurnRequested to the RecallRequested written to the outbox) is no part of the public
 * API: it is read from the memory-service's log when the stack logs
 * {@code dev.skein.memory.messaging} at DEBUG and the log is on this machine
 * ({@code --memory-log}).
 */
final class NeedleProbe {

    private static final int FACTS = 20;

    private static final int CHUNK = 5000;

    private static final int WARMUP_TURNS = 10;

    private static final Pattern CONTROLLER = Pattern.compile("controller ([0-9.]+) ms");

    private static final String[] NAMES = { "Ana", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro",
            "Ines", "Jonas", "Keiko", "Liam", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara" };

    private static final String[] PLACES = { "Oslo", "Porto", "Kyoto", "Austin", "Lyon", "Quito", "Gdansk", "Perth",
            "Cairo", "Tallinn", "Bergen", "Seville", "Hanoi", "Denver", "Turin", "Cork", "Malmo", "Bruges" };

    static final String[] TOPICS = { "gardening", "jazz records", "chess openings", "sourdough baking", "trail running",
            "watercolour painting", "board games", "bird watching", "pottery", "sailing", "podcasts", "vintage cameras",
            "rock climbing", "knitting", "astronomy", "salsa dancing", "beekeeping", "origami", "fly fishing",
            "calligraphy" };

    private static final String[] USER_TEMPLATES = { "Yesterday %s and I talked about %s in %s.",
            "I read an article about %2$s while %1$s was visiting %3$s.", "%s wants to try %s next summer in %s.",
            "Do you think %2$s is worth learning? %1$s says the club in %3$s is great.",
            "We spent the weekend in %3$s; %1$s could not stop talking about %2$s.",
            "My friend %s just started %s classes near %s." };

    private static final String[] ASSISTANT_TEMPLATES = { "That sounds lovely. What did %s enjoy most about %s?",
            "%2$s can be a great hobby. Is %3$s a good place for it?", "Interesting! How long has %s been into %s?",
            "I hope the weather in %3$s was kind to you and %1$s.", "Tell me more about the %2$s scene in %3$s." };

    /**
     * Two-word subjects: a restated subject shares two key phrases with the original
     * statement.
     */
    private static final String[] SUBJECTS = { "locker code", "dentist name", "bike brand", "boss nickname",
            "lucky number", "wifi network", "tea blend", "cat name", "car colour", "gym day", "neighbour name",
            "passport city", "violin teacher", "favourite cheese", "bakery street", "plant species", "umbrella pattern",
            "guitar model", "doctor surname", "chess rating" };

    private final SkeinApi api;

    private final List<Integer> lengths;

    private final String existing;

    private final Path memoryLog;

    NeedleProbe(SkeinApi api, Options options) {
        this.api = api;
        this.lengths = options.integers("turns", "1000,10000");
        this.existing = options.has("conversation") ? options.text("conversation", null) : null;
        if (this.existing != null && this.lengths.size() != 1) {
            throw new IllegalArgumentException("--conversation asks again in one conversation: give one --turns");
        }
        this.memoryLog = Path.of(options.text("memory-log",
                Path.of(SkeinTools.env("SKEIN_HOME", ".skein"), "logs", "memory-service.log").toString()));
    }

    void run() {
        List<String> report = new ArrayList<>();
        for (int length : this.lengths) {
            report.add(run(length));
        }
        System.out.printf("%nneedle probe through the gateway (%d cores)%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("length | needle recall | current value first (updated) | context tokens p50/max | "
                + "history tokens | controller p50/p99 ms | turn p50/p99 ms");
        report.forEach(System.out::println);
    }

    record Fact(int index, String subject, String value, int position, String newValue, int updatePosition) {
    }

    /**
     * The conversation of one length: filler, with the facts planted (and some updated)
     * at their positions.
     */
    record Planted(List<Fact> facts, List<Map<String, Object>> messages) {
    }

    /**
     * Seeded by the length: the same length always plants the same facts at the same
     * depths.
     */
    static Planted plant(int length) {
        Random random = new Random(length);
        List<Fact> facts = new ArrayList<>();
        Map<Integer, String> planted = new LinkedHashMap<>();
        for (int i = 0; i < FACTS; i++) {
            // user messages are at even positions
            int position = (int) Math.round((double) i / (FACTS - 1) * (length - 2)) & ~1;
            String value = word(random);
            String newValue = null;
            int update = -1;
            if (i % 4 == 1) {
                newValue = word(random);
                update = (position + (length - 2 - position) / 2) & ~1;
                while (planted.containsKey(update) || update == position) {
                    update += 2;
                }
            }
            while (planted.containsKey(position)) {
                position += 2;
            }
            planted.put(position, "My " + SUBJECTS[i] + " is " + value + ".");
            if (update >= 0) {
                planted.put(update, "Update: my " + SUBJECTS[i] + " is " + newValue + " now.");
            }
            facts.add(new Fact(i, SUBJECTS[i], value, position, newValue, update));
        }
        Instant t = Instant.parse("2024-01-01T08:00:00Z");
        List<Map<String, Object>> messages = new ArrayList<>(length);
        for (int p = 0; p < length; p++) {
            boolean user = p % 2 == 0;
            String text = planted.get(p);
            if (text == null) {
                String[] templates = user ? USER_TEMPLATES : ASSISTANT_TEMPLATES;
                text = String.format(Locale.ROOT, templates[random.nextInt(templates.length)],
                        NAMES[random.nextInt(NAMES.length)], TOPICS[random.nextInt(TOPICS.length)],
                        PLACES[random.nextInt(PLACES.length)]);
            }
            // sessions: a pause of a day every 30 messages
            t = t.plus(p % 30 == 29 ? Duration.ofHours(20) : Duration.ofMinutes(1));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", user ? "user" : "assistant");
            m.put("content", text);
            m.put("externalId", "n" + p);
            m.put("createdAt", t.toString());
            messages.add(m);
        }
        return new Planted(facts, messages);
    }

    /**
     * Imports the messages in chunks of 5,000 (the gateway's largest import).
     * @return the watermark of the last chunk
     */
    static long importAll(SkeinApi api, String conversation, List<Map<String, Object>> messages) {
        long watermark = 0;
        for (int from = 0; from < messages.size(); from += CHUNK) {
            JsonNode imported = api.post("/v1/conversations/" + conversation + "/messages:import",
                    Map.of("messages", messages.subList(from, Math.min(messages.size(), from + CHUNK))));
            watermark = Long.parseLong(imported.path("watermark").asString("0"));
        }
        return watermark;
    }

    private String run(int length) {
        Planted planted = plant(length);
        // --conversation: ask again in a conversation an earlier run of this length
        // imported (the facts
        // come from the same seed), e.g. after that run was interrupted while indexing
        String conversation = this.existing != null ? this.existing
                : "needle-" + length + "-" + UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        long watermark = this.existing != null
                ? this.api.get("/v1/conversations/" + conversation).path("lastSequence").asLong()
                : importAll(this.api, conversation, planted.messages());
        double importSeconds = (System.nanoTime() - started) / 1e9;
        Indexing.Indexed indexed = Indexing.await(this.api, conversation, watermark, Duration.ofHours(2));
        System.out.printf(Locale.ROOT,
                "%,d turns (%s): imported in %.1f s, turns indexed after %.1f s, "
                        + "windows and summaries after %.1f s%n",
                length, conversation, importSeconds, (indexed.turnsAt() - started) / 1e9,
                (indexed.settledAt() - started) / 1e9);
        // warm-up turns (not counted): the first turns of a fresh JVM run interpreted
        // code
        for (int i = 0; i < WARMUP_TURNS; i++) {
            this.api.post("/v1/conversations/" + conversation + "/messages", Map.of("role", "user", "content",
                    "Do you remember what we said about " + TOPICS[i % TOPICS.length] + "?"));
        }
        long logLinesBefore = logLines();
        int found = 0;
        int updated = 0;
        int currentFirst = 0;
        List<Double> contextTokens = new ArrayList<>();
        long historyTokens = 0;
        List<Double> turnMillis = new ArrayList<>();
        for (Fact fact : planted.facts()) {
            long turnStart = System.nanoTime();
            JsonNode reply = this.api.post("/v1/conversations/" + conversation + "/messages",
                    Map.of("role", "user", "content", "What is my " + fact.subject() + "?"));
            turnMillis.add((System.nanoTime() - turnStart) / 1e6);
            StringBuilder context = new StringBuilder();
            for (JsonNode evidence : reply.path("evidence")) {
                context.append(evidence.path("text").asString()).append('\n');
            }
            context.append(reply.path("reply").path("content").asString());
            String text = context.toString();
            contextTokens.add(reply.path("usage").path("contextTokens").asDouble());
            historyTokens = Math.max(historyTokens, reply.path("usage").path("historyTokens").asLong());
            String current = fact.newValue() != null ? fact.newValue() : fact.value();
            boolean hit = text.contains(current);
            if (hit) {
                found++;
            }
            String verdict = hit ? "found" : "MISSED";
            if (fact.newValue() != null) {
                updated++;
                int newAt = text.indexOf(fact.newValue());
                int oldAt = text.indexOf(fact.value());
                boolean first = newAt >= 0 && (oldAt < 0 || newAt < oldAt);
                if (first) {
                    currentFirst++;
                }
                verdict += first ? ", current value first" : ", current value NOT first";
            }
            System.out.printf(Locale.ROOT, "  fact %2d at depth %3.0f%% (%s): %s%n", fact.index(),
                    100.0 * fact.position() / length, fact.subject(), verdict);
        }
        Percentiles context = new Percentiles(contextTokens);
        return String.format(Locale.ROOT, "%,d | %d/%d = %.0f%% | %d/%d | %.0f/%.0f | %,d | %s | %s", length, found,
                FACTS, 100.0 * found / FACTS, currentFirst, updated, context.at(50), context.at(100), historyTokens,
                p50p99(controllerMillis(logLinesBefore)), p50p99(turnMillis));
    }

    private long logLines() {
        if (!Files.exists(this.memoryLog)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(this.memoryLog)) {
            return lines.count();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private List<Double> controllerMillis(long skip) {
        List<Double> millis = new ArrayList<>();
        if (!Files.exists(this.memoryLog)) {
            return millis;
        }
        try (Stream<String> lines = Files.lines(this.memoryLog)) {
            lines.skip(skip).forEach(line -> {
                Matcher m = CONTROLLER.matcher(line);
                if (m.find()) {
                    millis.add(Double.parseDouble(m.group(1)));
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return millis;
    }

    private static String p50p99(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        Percentiles percentiles = new Percentiles(values);
        return String.format(Locale.ROOT, "%.1f/%.1f", percentiles.at(50), percentiles.at(99));
    }

    /** A made-up, capitalised word: a value no filler sentence contains. */
    private static String word(Random random) {
        String[] syllables = { "ka", "lo", "mi", "zu", "ren", "tak", "vo", "shi", "pel", "dor", "qua", "nix" };
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            w.append(syllables[random.nextInt(syllables.length)]);
        }
        w.append(random.nextInt(90) + 10);
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

}
