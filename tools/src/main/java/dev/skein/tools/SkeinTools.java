package dev.skein.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.skein.tools.fault.FaultSuite;

/**
 * Commands that drive a running stack through its public API only, and print figures with
 * the machine's core count: {@code eval-locomo} (evidence recall on LoCoMo-format files),
 * {@code bench-turns} (chat turn latency), {@code bench-search} (search latency by
 * conversation size), {@code needle-probe} (planted facts found in long conversations),
 * {@code bench-writing} (long-form length against target), and {@code fake-llm} (an LLM
 * answering at once, to start a stack against), {@code fault-suite} (crashes and restarts
 * under load in a stack of its own, then counts losses and duplicates), {@code floor}
 * (each part of the memory path alone against the same through the gateway), {@code load}
 * (the saturation curve), {@code needle-long-input} (needles in long prose through
 * {@code /v1/long-input:search}). Options: {@code --url}, {@code --api-key} (default: the
 * local stack's development key in {@code $SKEIN_HOME/dev-api-key}).
 */
public final class SkeinTools {

    private SkeinTools() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "eval-locomo" -> {
                if (options.flag("qa")) {
                    new QaEvaluation(api(options), options, QaEvaluation.judge(options)).run();
                }
                else {
                    new LocomoEvaluation(api(options), options).run();
                }
            }
            case "bench-turns" -> new TurnLatencyBench(api(options), options).run();
            case "bench-search" -> new SearchBench(api(options), options).run();
            case "needle-probe" -> new NeedleProbe(api(options), options).run();
            case "bench-writing" -> new WritingBench(api(options), options).run();
            case "fake-llm" -> new FakeLlm(options).run();
            case "floor" -> new FloorBench(api(options), options).run();
            case "load" -> new LoadTest(api(options), options).run();
            case "needle-long-input" -> new LongInputNeedle(api(options), options).run();
            case "fault-suite" -> System.exit(faultSuite(options).run());
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: skein-tools <command> [--url URL] [--api-key KEY] [options]
                  eval-locomo --file PATH [--top-k 50] [--keep] [--reuse RUN] [--dump PATH]
                      imports each LoCoMo-format conversation session by session (original times),
                      asks every question through memory:search and prints evidence recall@k, all@k,
                      MRR, recall inside 1,000/2,000 result tokens, recall by evidence age, latency;
                      --reuse RUN: ask the conversations a --keep run imported (it prints RUN), no
                      import; --dump PATH: each question's results as JSON lines
                  eval-locomo --qa --file PATH [--questions N] [--judge-url URL --judge-model M --judge-key K]
                      imports as above, asks each question of categories 1-4 as a chat turn (then deletes
                      it), prints token F1 against the gold answer and, with a judge (an OpenAI-compatible
                      model; or $SKEIN_JUDGE_BASE_URL, $SKEIN_JUDGE_MODEL, $SKEIN_JUDGE_API_KEY), J: the
                      share of answers the judge labels CORRECT
                  bench-turns [--turns 100] [--warmup 10] [--stream] [--openai]
                      sends chat turns through the gateway and prints latency percentiles and the
                      HTTP floor (a 401 from the key filter); --stream: as SSE, time to the first
                      streamed piece and to the end; --openai: through /v1/chat/completions
                  bench-search [--turns 1000,10000] [--queries 300] [--warmup 30] [--keep]
                               [--reuse bench-search-<turns>-<id>]
                      imports a synthetic conversation of each size, waits until it is indexed and
                      prints indexing time per turn and memory:search latency (top 10); --reuse:
                      asks a conversation a --keep run imported again, without importing
                  needle-probe [--turns 1000,10000] [--conversation ID] [--memory-log PATH]
                      imports conversations with 20 planted facts (some updated), asks for each in a
                      chat turn and prints how many the context held, context tokens and latency
                      (controller latency from the memory-service's DEBUG log, when on this machine)
                  bench-writing [--words 2000,10000,50000] [--keep]
                      runs a writing job per target length and prints target against actual words,
                      sections, revisions, sections outside ±10%, LLM calls and time
                  floor [--turns 650 | --file LOCOMO.json] [--samples 200] [--warmup 20] [--keep]
                        [--retrieval-jar $SKEIN_HOME/jars/retrieval-service-0.1.0-SNAPSHOT.jar]
                        [--db-url jdbc:postgresql://127.0.0.1:5432/$SKEIN_DB_NAME] [--kafka 127.0.0.1:9092]
                      the floor and the ratio: the parts of a turn alone in this process (the model
                      embedding a turn and a question, the retrieval-service's search statement on the
                      imported conversation, the indexer's INSERT, one Kafka hop with the stack's
                      producer settings) against chat turn, memory:search and import-until-searchable
                      through the gateway; prints each pair, its ratio, cores and load average
                  load [--clients 1,4,16,64] [--seconds 30] [--warmup-seconds 5] [--think-ms 1000]
                       [--mixed-clients 4] [--import 3000]
                      N conversations at once sending turns with think time: turns/s, p50/p99 and 503s
                      with Retry-After per level (the saturation curve), then a run with an import in
                      the background
                  needle-long-input [--tokens 8000,128000,1000000] [--depths 0,25,50,75,100]
                      3 needles (with a distractor each) in English prose per length and depth, asked
                      in other words through /v1/long-input:search: top-1 accuracy and latency
                  fake-llm [--port 18999] [--latency-ms 0] [--reply-words 0] [--length-spread 0] [--seed 1]
                      an OpenAI-compatible endpoint answering at once, or after --latency-ms, with
                      --reply-words more words than its note that no model wrote the reply (for
                      measuring what Skein adds to an LLM call, and how many calls it keeps open: start
                      the stack with SKEIN_LLM_BASE_URL=http://127.0.0.1:18999/v1);
                      it writes long-form sections, missing each asked length by up to --length-spread
                  fault-suite [--messages 3000] [--batch 50] [--turns 20] [--sample 40] [--only NAME,...]
                              [--port-base 38080] [--pg-port 35432] [--home tools/target/fault-suite] [--keep]
                      starts a stack of its own (own PostgreSQL cluster, Kafka, services), then per
                      scenario imports --messages messages and sends chat turns while it kill -9s one
                      service (gateway, memory-, retrieval-, generation-service) and restarts it, or
                      restarts the Kafka broker or PostgreSQL; the client retries as documented; counts
                      acknowledged vs stored, duplicates, replies per turn, unindexed messages, outbox
                      rows left; one line per scenario, exit status 1 on any loss or duplicate
                defaults: --url $SKEIN_URL or http://127.0.0.1:8080,
                          --api-key $SKEIN_API_KEY or the file $SKEIN_HOME/dev-api-key (.skein/dev-api-key)""");
    }

    private static FaultSuite faultSuite(Options options) {
        Path root = FaultSuite.repositoryRoot();
        List<String> only = options.has("only") ? List.of(options.text("only", "").split(",")) : List.of();
        return new FaultSuite(root, Path.of(options.text("home", root.resolve("tools/target/fault-suite").toString())),
                options.integer("port-base", 38080), options.integer("pg-port", 35432),
                options.integer("messages", 3000), options.integer("batch", 50), options.integer("turns", 20),
                options.integer("sample", 40), only, options.flag("keep"));
    }

    private static SkeinApi api(Options options) throws IOException {
        return new SkeinApi(options.text("url", env("SKEIN_URL", "http://127.0.0.1:8080")), apiKey(options));
    }

    private static String apiKey(Options options) throws IOException {
        if (options.has("api-key")) {
            return options.text("api-key", null);
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
