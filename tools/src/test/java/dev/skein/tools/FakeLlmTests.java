package dev.skein.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FakeLlmTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersAtOnceAndSaysNoModelWroteIt() throws Exception {
        int port = new FakeLlm(Options.of(Map.of("port", "0"))).run();

        JsonNode answer = SkeinApi.JSON.readTree(post(port, "{\"model\":\"m\",\"messages\":[]}"));
        String streamed = post(port, "{\"model\":\"m\",\"stream\":true,\"messages\":[]}");

        String content = answer.at("/choices/0/message/content").asString();
        assertThat(content).contains("no model wrote this");
        StringBuilder pieces = new StringBuilder();
        for (String line : streamed.split("\n")) {
            if (line.startsWith("data: {")) {
                pieces.append(SkeinApi.JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asString(""));
            }
        }
        assertThat(pieces.toString()).isEqualTo(content);
        assertThat(streamed).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aLongReplyHasTheAskedWordsInSentencesAfterItsNote() throws Exception {
        int port = new FakeLlm(Options.of(Map.of("port", "0", "reply-words", "300"))).run();

        String first = SkeinApi.JSON.readTree(post(port, "{\"model\":\"m\",\"messages\":[]}"))
            .at("/choices/0/message/content")
            .asString();
        String second = SkeinApi.JSON.readTree(post(port, "{\"model\":\"m\",\"messages\":[]}"))
            .at("/choices/0/message/content")
            .asString();

        assertThat(first).startsWith(String.join("", FakeLlm.PIECES));
        String more = first.substring(String.join("", FakeLlm.PIECES).length()).trim();
        assertThat(more.split("\\s+")).hasSize(300);
        assertThat(more.split("\\. ")).hasSize(25);
        assertThat(second).startsWith(String.join("", FakeLlm.PIECES)).isNotEqualTo(first);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new FakeLlm(Options.of(Map.of("port", "0", "reply-words", "-1"))));
    }

    @Test
    void writesAPlanWhoseBudgetsDoNotAddUpAndSectionsOfTheAskedLength() {
        FakeLlm exact = new FakeLlm(Options.parse());

        String plan = exact.writingReply("Total length: 10000 words.\nSuggested number of sections: 8.");
        String section = exact
            .writingReply("Write section 2: \"Chapter 2\".\nLength: about 1250 words (between 1125 and 1375).");
        String revision = exact.writingReply("Section \"Chapter 2\": ...\nThe draft below has 900 words; it needs 1125 "
                + "to 1375.\nRevise to: about 1250 words.\n\nDraft:\nLength: about 1250 words");

        JsonNode sections = SkeinApi.JSON.readTree(plan.substring(plan.indexOf('{'), plan.lastIndexOf('}') + 1))
            .path("sections");
        assertThat(sections.size()).isEqualTo(8);
        assertThat(sections.get(0).path("targetWords").asInt()).isEqualTo(1000);
        assertThat(section).startsWith("## A heading\n\n");
        assertThat(words(section) - 3).isEqualTo(1250);
        assertThat(words(revision)).isEqualTo(1250);
        assertThat(exact.writingReply("What is my locker code?")).isNull();
    }

    @Test
    void missesEachAskedLengthByUpToTheSpreadTheSameWayForTheSameCall() {
        FakeLlm noisy = new FakeLlm(Options.parse("--length-spread", "0.3", "--seed", "7"));
        List<Integer> lengths = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String prompt = "Write section " + i + ": \"Chapter " + i + "\".\nLength: about 1000 words";
            int words = words(noisy.writingReply(prompt)) - 3;
            assertThat(words(noisy.writingReply(prompt)) - 3).isEqualTo(words);
            lengths.add(words);
        }

        assertThat(lengths).allSatisfy(words -> assertThat(words).isBetween(700, 1300));
        assertThat(lengths).anySatisfy(words -> assertThat(words).isLessThan(900));
        assertThat(lengths).anySatisfy(words -> assertThat(words).isGreaterThan(1100));
    }

    @Test
    void aSpreadOfAWholeLengthOrMoreIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FakeLlm(Options.parse("--length-spread", "1")))
            .withMessage("--length-spread must be at least 0 and below 1, was 1.0");
    }

    private static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    private String post(int port, String body) throws Exception {
        return this.http
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString())
            .body();
    }

}
