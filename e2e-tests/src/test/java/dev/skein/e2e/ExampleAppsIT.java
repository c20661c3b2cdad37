package dev.skein.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example apps, started as a user starts them ({@code java -jar}, the model and Skein
 * from the environment), hold a conversation whose first fact reaches the model's prompt
 * 200 turns later: through Skein's recall (Spring AI: the auto-configured
 * {@code SkeinRecallAdvisor}; LangChain4j: {@code SkeinContentRetriever}), since the
 * app's own window holds only the last 20 messages. Every turn goes through the adapter's
 * chat memory, which must store each message once.
 */
class ExampleAppsIT {

    static final String FACT = "My sister Oksana keeps her sailboat, the Blue Heron, in the harbour of Split.";

    static final String QUESTION = "What is the name of my sister's sailboat, and where is it kept?";

    static final int FILLER_TURNS = 200;

    private final SkeinStack stack = SkeinStack.get();

    @Test
    void theSpringAiChatRecallsItsFirstFact200TurnsLater() throws Exception {
        holdsAConversation("spring-ai-chat");
    }

    @Test
    void theLangChain4jChatRecallsItsFirstFact200TurnsLater() throws Exception {
        holdsAConversation("langchain4j-chat");
    }

    private void holdsAConversation(String app) throws Exception {
        SkeinClient skein = this.stack.newTenant();
        String conversation = app + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new ArrayList<>();
        lines.add(FACT);
        for (int i = 1; i <= FILLER_TURNS; i++) {
            lines.add(filler(i));
        }
        lines.add(QUESTION);
        try (FakeOpenAi model = FakeOpenAi.start()) {
            String output = run(app, model, skein.apiKey(), conversation, lines);

            assertThat(model.requests()).as(output).hasSize(lines.size());
            List<String> prompt = model.lastPrompt();
            assertThat(String.join("\n", prompt)).as("the last prompt").contains(FACT);
            assertThat(prompt.get(prompt.size() - 1)).startsWith("user: ").contains(QUESTION);
            // the fact is not in the app's window of recent messages: only Skein's recall
            // put
            // it in the prompt
            long windowMessagesWithTheFact = prompt.stream()
                .filter(message -> message.startsWith("user: " + FACT) || message.startsWith("assistant: "))
                .filter(message -> message.contains("Blue Heron"))
                .count();
            assertThat(windowMessagesWithTheFact).isZero();
        }
        // every turn stored once: the question and its reply, each filler turn and the
        // fact
        Response status = skein.get("/v1/conversations/" + conversation);
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("messages").asLong()).isEqualTo(2L * lines.size());
        Response first = skein.get("/v1/conversations/" + conversation + "/messages?limit=2");
        assertThat(first.json().path("messages").get(0).path("content").asString()).isEqualTo(FACT);
    }

    /** Small talk about anything but the fact: two hundred different lines. */
    static String filler(int turn) {
        String[] topics = { "the weather in town", "a recipe for lentil soup", "my commute by tram",
                "a podcast about chess", "repainting the kitchen", "the price of train tickets",
                "a new keyboard for work", "jogging in the park", "a documentary about volcanoes",
                "planting tomatoes on the balcony" };
        return "Turn " + turn + ": let us chat a little about " + topics[turn % topics.length] + ", detail number "
                + (turn * 7919 % 1000) + ".";
    }

    private String run(String app, FakeOpenAi model, String apiKey, String conversation, List<String> lines)
            throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path jar = root.resolve("examples/" + app + "/target/" + app + "-exec.jar");
        assertThat(jar).as("built by the reactor before the e2e tests").exists();
        Path log = root.resolve("e2e-tests/target/" + app + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("OPENAI_BASE_URL", model.baseUrl());
        builder.environment().put("OPENAI_API_KEY", "test-key");
        builder.environment().put("OPENAI_MODEL", "fake");
        builder.environment().put("SKEIN_URL", this.stack.gatewayUrl());
        builder.environment().put("SKEIN_API_KEY", apiKey);
        builder.environment().put("CONVERSATION_ID", conversation);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean exited = process.waitFor(15, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

}
