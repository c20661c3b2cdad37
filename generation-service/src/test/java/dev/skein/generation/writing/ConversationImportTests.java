package dev.skein.generation.writing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.UpstreamUnavailableException;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ConversationImportTests {

    private static final UUID JOB = UUID.fromString("6f1c2a9e-0d3b-4c55-9a61-2b7e8d4f0a13");

    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void theInstructionComesFirstThenOneAssistantMessagePerSectionInPlanOrder() {
        List<MessageInput> messages = ConversationImport.messages(JOB, "A report on Biscuit",
                List.of(new ConversationImport.Section(0, "Puppy days", "He chewed everything.", "llm:m@p1"),
                        new ConversationImport.Section(1, "The beach", "He loves the sea.", null)),
                AT);

        assertThat(messages).extracting(MessageInput::role).containsExactly("user", "assistant", "assistant");
        assertThat(messages).extracting(MessageInput::externalId)
            .containsExactly("writing:" + JOB + ":request", "writing:" + JOB + ":section:0",
                    "writing:" + JOB + ":section:1");
        assertThat(messages).extracting(MessageInput::content)
            .containsExactly("A report on Biscuit", "## Puppy days\n\nHe chewed everything.",
                    "## The beach\n\nHe loves the sea.");
        assertThat(messages).extracting(MessageInput::createdAt).containsOnly(AT);
        assertThat(messages.get(0).metadata()).isEqualTo(Map.of("writingJob", JOB.toString()));
        assertThat(messages.get(1).metadata())
            .isEqualTo(Map.of("writingJob", JOB.toString(), "section", 0, "generatedBy", "llm:m@p1"));
        // a section written before the author was recorded has none
        assertThat(messages.get(2).metadata()).isEqualTo(Map.of("writingJob", JOB.toString(), "section", 1));
    }

    @Test
    void aSectionThatFitsIsOneMessage() {
        String text = "x".repeat(30_000 - "## T\n\n".length());

        assertThat(ConversationImport.parts("T", text, 30_000)).containsExactly("## T\n\n" + text);
    }

    @Test
    void anOverlongSectionIsCutAtParagraphBreaksIntoHeadedParts() {
        String paragraph = "word ".repeat(199) + "word"; // 999 characters
        String text = String.join("\n\n", java.util.Collections.nCopies(70, paragraph)); // 70,068
                                                                                         // characters

        List<String> parts = ConversationImport.parts("Results", text, 30_000);

        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(30_000));
        assertThat(parts.get(0)).startsWith("## Results\n\nword").endsWith("word");
        assertThat(parts.get(1)).startsWith("## Results (continued)\n\nword").endsWith("word");
        assertThat(parts.get(2)).startsWith("## Results (continued)\n\nword").endsWith("word");
        // cut between paragraphs: every part holds whole paragraphs, and none is lost
        int first = ("## Results\n\n").length();
        int next = ("## Results (continued)\n\n").length();
        String joined = parts.get(0).substring(first) + "\n\n" + parts.get(1).substring(next) + "\n\n"
                + parts.get(2).substring(next);
        assertThat(joined).isEqualTo(text);
        // 30,000 - 12 characters of heading hold 29 paragraphs of 999 plus 28 breaks
        // (29,027)
        assertThat(parts.get(0).substring(first).split("\n\n")).hasSize(29);
    }

    @Test
    void aTextWithoutParagraphsIsCutAtASpaceAndOneWithoutSpacesHard() {
        String spaced = "abcd ".repeat(10_000).strip(); // 49,999 characters, no paragraph
                                                        // breaks
        List<String> parts = ConversationImport.parts("T", spaced, 30_000);
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(30_000));
        assertThat(parts.get(0)).endsWith("abcd");
        assertThat(parts.get(0).substring(6) + " " + parts.get(1).substring("## T (continued)\n\n".length()))
            .isEqualTo(spaced);

        String solid = "y".repeat(45_000);
        List<String> hard = ConversationImport.parts("T", solid, 30_000);
        assertThat(hard).containsExactly("## T\n\n" + "y".repeat(30_000 - 6),
                "## T (continued)\n\n" + "y".repeat(45_000 - (30_000 - 6)));
    }

    @Test
    void partsOfASectionGetTheirOwnExternalIdsAndNumbers() {
        String text = "z".repeat(40_000);

        List<MessageInput> messages = ConversationImport.messages(JOB, "Long",
                List.of(new ConversationImport.Section(3, "Long one", text, "llm:m@p1")), AT);

        assertThat(messages).extracting(MessageInput::externalId)
            .containsExactly("writing:" + JOB + ":request", "writing:" + JOB + ":section:3:part:1",
                    "writing:" + JOB + ":section:3:part:2");
        assertThat(messages.get(2).metadata()).containsEntry("part", 2)
            .containsEntry("parts", 2)
            .containsEntry("section", 3);
        assertThat(messages.subList(1, messages.size())).allSatisfy(message -> assertThat(message.content().length())
            .isLessThanOrEqualTo(ConversationImport.MAX_PART_CHARS));
    }

    @Test
    void theImportCarriesTheJobsCorrelationId() {
        MemoryApi memory = mock(MemoryApi.class);
        AtomicReference<String> correlationId = new AtomicReference<>();
        given(memory.importMessages(eq("t1"), eq("c1"), any(ImportRequest.class))).willAnswer(call -> {
            correlationId.set(Correlation.current());
            return new ImportResponse("c1", 2, 2, 0, 1L, 2, "2", List.of());
        });

        new ConversationImport(memory).append(job(), List.of(new ConversationImport.Section(0, "T", "x", null)), AT);

        assertThat(correlationId.get()).isEqualTo("writing-" + JOB);
        assertThat(Correlation.current()).isNull();
    }

    @Test
    void aValidationProblemRefusesTheTextWithItsDetailAndFields() {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                "1 invalid field(s)");
        problem.setProperty("errors",
                List.of(Map.of("field", "messages[1].content", "message", "must be at most 100 characters")));

        assertThatExceptionOfType(ConversationImport.Refused.class)
            .isThrownBy(() -> appendFailing(new ProblemException(problem)))
            .withMessage("the memory-service refused the text (HTTP 400): 1 invalid field(s): "
                    + "messages[1].content must be at most 100 characters");
    }

    @Test
    void anotherClientErrorRefusesTheText() {
        assertThatExceptionOfType(ConversationImport.Refused.class)
            .isThrownBy(() -> appendFailing(new UpstreamUnavailableException(HttpStatus.UNPROCESSABLE_CONTENT, null)))
            .withMessage("the memory-service refused the text (HTTP 422)");
    }

    @Test
    void aServerErrorOrTooManyRequestsIsWorthTryingAgain() {
        assertThatExceptionOfType(ConversationImport.Unavailable.class)
            .isThrownBy(() -> appendFailing(new UpstreamUnavailableException(HttpStatus.SERVICE_UNAVAILABLE, null)))
            .withMessage("the memory-service could not store the text (HTTP 503)");
        assertThatExceptionOfType(ConversationImport.Unavailable.class)
            .isThrownBy(() -> appendFailing(new UpstreamUnavailableException(HttpStatus.TOO_MANY_REQUESTS, null)))
            .withMessage("the memory-service could not store the text (HTTP 429)");
    }

    @Test
    void noAnswerIsWorthTryingAgainAndSaysWhy() {
        assertThatExceptionOfType(ConversationImport.Unavailable.class)
            .isThrownBy(() -> appendFailing(new UpstreamUnavailableException(null,
                    new ResourceAccessException("I/O error on POST request: Connection refused"))))
            .withMessage("the memory-service could not store the text: I/O error on POST request: Connection refused");
    }

    private static void appendFailing(ProblemException failure) {
        MemoryApi memory = mock(MemoryApi.class);
        given(memory.importMessages(any(), any(), any())).willThrow(failure);
        new ConversationImport(memory).append(job(), List.of(), AT);
    }

    private static WritingJob job() {
        return new WritingJob(JOB, "t1", "c1", WritingJob.REVIEWING, "A report", 600, 600, null, null, null, null, AT,
                AT, null, 0, null, null, null);
    }

}
