package dev.skein.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skein-tools eval-locomo --qa} against the e2e stack, as a user runs it: a small
 * made-up conversation in LoCoMo's format is imported, its three answerable questions are
 * asked as chat turns (answered by the extractive responder, since the stack has no LLM),
 * and the tools' fake LLM judges the replies by containment. The question turns are
 * deleted after scoring, so the conversation holds its imported turns only.
 */
class QaEvaluationIT {

    private static final Pattern SINGLE_HOP = Pattern
        .compile("cat 4 single-hop\\s+(\\d+)\\s+([\\d.]+)%\\s+([\\d.]+)%\\s+(\\d+)");

    private final SkeinStack stack = SkeinStack.get();

    @Test
    void asksEachQuestionAsAChatTurnScoresTheRepliesAndForgetsTheQuestions() throws Exception {
        SkeinClient skein = this.stack.newTenant();
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("tools/target/skein-tools.jar");
        assertThat(jar).as("built by the reactor before the e2e tests").exists();
        int judgePort = freePort();
        Process judge = start(jar, root.resolve("e2e-tests/target/qa-judge.log"), "fake-llm", "--port",
                Integer.toString(judgePort));
        try {
            Path log = root.resolve("e2e-tests/target/qa-evaluation.log");
            Process evaluation = start(jar, log, "eval-locomo", "--qa", "--keep", "--file",
                    root.resolve("tools/src/test/resources/qa-mini.json").toString(), "--judge-url",
                    "http://127.0.0.1:" + judgePort + "/v1", "--judge-model", "containment", "--url",
                    this.stack.gatewayUrl(), "--api-key", skein.apiKey());
            boolean exited = evaluation.waitFor(10, TimeUnit.MINUTES);
            String output = Files.readString(log);
            assertThat(exited).as(output).isTrue();
            assertThat(evaluation.exitValue()).as(output).isZero();

            Matcher singleHop = SINGLE_HOP.matcher(output);
            assertThat(singleHop.find()).as(output).isTrue();
            // three answerable questions; the adversarial one is not asked
            assertThat(singleHop.group(1)).isEqualTo("3");
            // the city is quoted verbatim by the extractive responder; "40" is never
            // written as digits in the conversation, so containment cannot accept it
            double judged = Double.parseDouble(singleHop.group(3));
            assertThat(judged).as(output).isBetween(33.0, 67.0);
            assertThat(Double.parseDouble(singleHop.group(2))).as(output).isPositive();
            assertThat(output).contains("replies by extractive");

            String conversation = kept(output);
            JsonNode transcript = skein.get("/v1/conversations/" + conversation + "/messages?limit=100").json();
            List<String> contents = new ArrayList<>();
            transcript.path("messages").forEach(message -> contents.add(message.path("content").asString()));
            assertThat(contents).as("the imported turns only")
                .hasSize(24)
                .noneMatch(text -> text.endsWith("?") && (text.startsWith("Which city") || text.startsWith("How long")
                        || text.startsWith("How many")));
        }
        finally {
            judge.destroy();
        }
    }

    /** The conversation id the evaluation printed ("mini-1: 24 turns imported …"). */
    private static String kept(String output) {
        Matcher matcher = Pattern.compile("conversation (locomo-qa-\\S+) kept").matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group(1);
    }

    private static Process start(Path jar, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
