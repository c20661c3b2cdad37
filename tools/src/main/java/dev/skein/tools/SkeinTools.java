package dev.skein.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Commands that drive a running stack through its public API only:
 * {@code eval-locomo} (evidence recall on LoCoMo-format files) and {@code bench-turns} (chat turn
 * latency through the gateway). Options: {@code --url}, {@code --api-key} (default: the local
 * stack's development key in {@code $SKEIN_HOME/dev-api-key}).
 */
public final class SkeinTools {

    private SkeinTools() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        SkeinApi api = new SkeinApi(options.getOrDefault("url", env("SKEIN_URL", "http://127.0.0.1:8080")),
                apiKey(options));
        switch (args[0]) {
            case "eval-locomo" -> new LocomoEvaluation(api, options).run();
            case "bench-turns" -> new TurnLatencyBench(api, options).run();
            case "fake-llm" -> new FakeLlm(options).run();
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: skein-tools <command> [--url URL] [--api-key KEY] [options]
                  eval-locomo --file PATH [--top-k 50] [--keep]
                      imports each LoCoMo-format conversation session by session (original times),
                      asks every question through memory:search and prints evidence recall@k, all@k,
                      MRR, recall inside 1,000/2,000 result tokens, recall by evidence age, latency
                  bench-turns [--turns 100] [--warmup 10] [--stream]
                      sends chat turns through the gateway and prints latency percentiles
                      (--stream: as SSE, time to the first streamed piece and to the end)
                  fake-llm [--port 18999]
                      an OpenAI-compatible endpoint answering at once (for measuring what Skein adds
                      to an LLM call: start the stack with SKEIN_LLM_BASE_URL=http://127.0.0.1:18999/v1)
                defaults: --url $SKEIN_URL or http://127.0.0.1:8080,
                          --api-key $SKEIN_API_KEY or the file $SKEIN_HOME/dev-api-key (.skein/dev-api-key)""");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "true" : args[++i]);
        }
        return options;
    }

    private static String apiKey(Map<String, String> options) throws IOException {
        if (options.containsKey("api-key")) {
            return options.get("api-key");
        }
        String key = System.getenv("SKEIN_API_KEY");
        if (key != null && !key.isBlank()) {
            return key;
        }
        Path file = Path.of(env("SKEIN_HOME", ".skein"), "dev-api-key");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        throw new IllegalArgumentException("No API key: pass --api-key, set SKEIN_API_KEY, or run infra/skein up");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
