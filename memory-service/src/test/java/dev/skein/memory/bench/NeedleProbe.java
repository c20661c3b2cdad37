package dev.skein.memory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NeedleBench-style probe of the memory controller and the retrieval search, through the public
 * API of a running stack (a command, not a test). Start a private stack first, e.g.
 *
 * <pre>
 * SKEIN_HOME=/tmp/needle-stack SKEIN_DB_NAME=skein_test SKEIN_GATEWAY_PORT=28080 SKEIN_MEMORY_PORT=28081 \
 * SKEIN_RETRIEVAL_PORT=28082 SKEIN_GENERATION_PORT=28083 SKEIN_KAFKA_PORT=29092 SKEIN_KAFKA_CONTROLLER_PORT=29093 \
 * LOGGING_LEVEL_DEV_SKEIN_MEMORY_MESSAGING=DEBUG infra/skein up
 * ./mvnw -q -o -pl memory-service test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.memory.bench.NeedleProbe \
 *   -Dexec.args="1000,10000 http://127.0.0.1:28080 /tmp/needle-stack"
 * </pre>
 *
 * For each length it imports a conversation of varied filler with 20 planted facts at depths
 * 0–100% (every fourth later updated with a new value) in chunks of 5,000, waits until the index
 * holds the last chunk (watermark) and the windows and summaries are indexed too, asks 10 warm-up
 * questions (not counted), then asks for each fact in a chat turn and checks the planted
 * value is in the assembled context (the reply's evidence or the reply, which is built only from
 * the context), and for updated facts that the current value comes before the old one (evidence
 * is ranked best first; the prompt orders it by time).
 * Controller latency is read from the memory-service's DEBUG log ("controller N ms": from the
 * consumed TurnRequested to the RecallRequested written to the outbox); turn latency is the
 * end-to-end HTTP time of each question.
 */
public final class NeedleProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final int FACTS = 20;

    private static final int CHUNK = 5000;

    private static final int WARMUP_TURNS = 10;

    private static final String[] NAMES = { "Ana", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro",
            "Ines", "Jonas", "Keiko", "Liam", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara" };

    private static final String[] PLACES = { "Oslo", "Porto", "Kyoto", "Austin", "Lyon", "Quito", "Gdansk", "Perth",
            "Cairo", "Tallinn", "Bergen", "Seville", "Hanoi", "Denver", "Turin", "Cork", "Malmo", "Bruges" };

    private static final String[] TOPICS = { "gardening", "jazz records", "chess openings", "sourdough baking",
            "trail running", "watercolour painting", "board games", "bird watching", "pottery", "sailing",
            "podcasts", "vintage cameras", "rock climbing", "knitting", "astronomy", "salsa dancing", "beekeeping",
            "origami", "fly fishing", "calligraphy" };

    private static final String[] USER_TEMPLATES = { "Yesterday %s and I talked about %s in %s.",
            "I read an article about %2$s while %1$s was visiting %3$s.", "%s wants to try %s next summer in %s.",
            "Do you think %2$s is worth learning? %1$s says the club in %3$s is great.",
            "We spent the weekend in %3$s; %1$s could not stop talking about %2$s.",
            "My friend %s just started %s classes near %s." };

    private static final String[] ASSISTANT_TEMPLATES = { "That sounds lovely. What did %s enjoy most about %s?",
            "%2$s can be a great hobby. Is %3$s a good place for it?", "Interesting! How long has %s been into %s?",
            "I hope the weather in %3$s was kind to you and %1$s.", "Tell me more about the %2$s scene in %3$s." };

    /** Two-word subjects: a restated subject shares two key phrases with the original statement. */
    private static final String[] SUBJECTS = { "locker code", "dentist name", "bike brand", "boss nickname",
            "lucky number", "wifi network", "tea blend", "cat name", "car colour", "gym day", "neighbour name",
            "passport city", "violin teacher", "favourite cheese", "bakery street", "plant species",
            "umbrella pattern", "guitar model", "doctor surname", "chess rating" };

    public static void main(String[] args) throws Exception {
        int[] lengths = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        String base = args.length > 1 ? args[1] : "http://127.0.0.1:28080";
        Path home = Path.of(args.length > 2 ? args[2] : "/tmp/needle-stack");
        String key = Files.readString(home.resolve("dev-api-key")).strip();
        Path memoryLog = home.resolve("logs/memory-service.log");
        List<String> report = new ArrayList<>();
        for (int length : lengths) {
            report.add(run(length, base, key, memoryLog));
        }
        System.out.println();
        System.out.println("length | needle recall | current value first (updated) | context tokens p50/max | "
                + "history tokens | controller p50/p99 ms | turn p50/p99 ms");
        report.forEach(System.out::println);
    }

    private record Fact(int index, String subject, String value, int position, String newValue, int updatePosition) {
    }

    private static String run(int length, String base, String key, Path memoryLog) throws Exception {
        Random random = new Random(length);
        // -Dprobe.conversation=<id>: ask again in a conversation an earlier run of this length imported
        // (the facts come from the same seed), e.g. after that run was interrupted while indexing
        String existing = System.getProperty("probe.conversation");
        String conversation = existing != null ? existing
                : "needle-" + length + "-" + UUID.randomUUID().toString().substring(0, 8);
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
        long started = System.nanoTime();
        String watermark = String.valueOf(length);
        if (existing == null) {
            for (int from = 0; from < length; from += CHUNK) {
                JsonNode imported = call(base + "/v1/conversations/" + conversation + "/messages:import", key,
                        Map.of("messages", messages.subList(from, Math.min(length, from + CHUNK))));
                watermark = imported.path("watermark").asString();
            }
        }
        double importSeconds = (System.nanoTime() - started) / 1e9;
        // read-your-writes: search with the watermark until the index has caught up (a service
        // restarted meanwhile answers 503 for a moment)
        while (true) {
            try {
                JsonNode search = call(base + "/v1/conversations/" + conversation + "/memory:search", key,
                        Map.of("query", "catch up", "topK", 1, "watermark", Long.parseLong(watermark)));
                if (search.path("consistent").asBoolean()) {
                    break;
                }
            }
            catch (IllegalStateException ex) {
                System.out.println("  waiting: " + ex.getMessage());
                Thread.sleep(5000);
            }
        }
        double indexedSeconds = (System.nanoTime() - started) / 1e9;
        // the windows and summaries derived from the turns are indexed after them: questions asked
        // before that wait for the index (SKEIN_RECALL_INDEX_WAIT) and would measure the backlog
        long indexed = -1;
        while (true) {
            long now = get(base + "/v1/conversations/" + conversation, key).path("indexed").asLong();
            if (now == indexed) {
                break;
            }
            indexed = now;
            Thread.sleep(2000);
        }
        double settledSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%,d turns: imported in %.1f s, turns indexed after %.1f s, "
                + "windows and summaries after %.1f s%n", length, importSeconds, indexedSeconds, settledSeconds);
        // warm-up turns (not counted): the first turns of a fresh JVM run interpreted code
        for (int i = 0; i < WARMUP_TURNS; i++) {
            call(base + "/v1/conversations/" + conversation + "/messages", key, Map.of("role", "user",
                    "content", "Do you remember what we said about " + TOPICS[i % TOPICS.length] + "?"));
        }
        long logLinesBefore = Files.exists(memoryLog) ? Files.lines(memoryLog).count() : 0;
        int found = 0;
        int updated = 0;
        int currentFirst = 0;
        List<Integer> contextTokens = new ArrayList<>();
        long historyTokens = 0;
        List<Double> turnMillis = new ArrayList<>();
        for (Fact fact : facts) {
            long turnStart = System.nanoTime();
            JsonNode reply = call(base + "/v1/conversations/" + conversation + "/messages", key,
                    Map.of("role", "user", "content", "What is my " + fact.subject() + "?"));
            turnMillis.add((System.nanoTime() - turnStart) / 1e6);
            StringBuilder context = new StringBuilder();
            for (JsonNode evidence : reply.path("evidence")) {
                context.append(evidence.path("text").asString()).append('\n');
            }
            context.append(reply.path("reply").path("content").asString());
            String text = context.toString();
            contextTokens.add(reply.path("usage").path("contextTokens").asInt());
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
        List<Double> controller = controllerMillis(memoryLog, logLinesBefore);
        contextTokens.sort(null);
        return String.format(Locale.ROOT, "%,d | %d/%d = %.0f%% | %d/%d | %d/%d | %,d | %s | %s", length, found,
                FACTS, 100.0 * found / FACTS, currentFirst, updated, contextTokens.get(contextTokens.size() / 2),
                contextTokens.get(contextTokens.size() - 1), historyTokens, percentiles(controller),
                percentiles(turnMillis));
    }

    private static List<Double> controllerMillis(Path log, long skip) throws Exception {
        List<Double> millis = new ArrayList<>();
        if (!Files.exists(log)) {
            return millis;
        }
        Pattern pattern = Pattern.compile("controller ([0-9.]+) ms");
        try (var lines = Files.lines(log)) {
            lines.skip(skip).forEach(line -> {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    millis.add(Double.parseDouble(m.group(1)));
                }
            });
        }
        return millis;
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        double p50 = sorted.get(sorted.size() / 2);
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        return String.format(Locale.ROOT, "%.1f/%.1f", p50, p99);
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

    private static JsonNode get(String url, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(1))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode call(String url, String key, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private NeedleProbe() {
    }
}
