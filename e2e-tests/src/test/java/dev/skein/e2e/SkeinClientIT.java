package dev.skein.e2e;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.client.ImportResult;
import dev.skein.client.MemoryView;
import dev.skein.client.NewMessage;
import dev.skein.client.SearchResult;
import dev.skein.client.SkeinException;
import dev.skein.client.StoredMessage;
import dev.skein.client.TurnResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The typed Java client ({@code skein-client}) against the real stack. */
class SkeinClientIT {

    private final SkeinStack stack = SkeinStack.get();

    private final dev.skein.client.SkeinClient skein = dev.skein.client.SkeinClient.builder()
        .baseUrl(this.stack.gatewayUrl())
        .apiKey(this.stack.newTenant().apiKey())
        .build();

    @Test
    void importsSearchesReadsAndDeletesAConversation() {
        String conversation = "client-" + UUID.randomUUID();
        List<NewMessage> history = List.of(
                new NewMessage("user", "I live in Ghent and work as a glassblower.", "Ines", "c1",
                        Instant.parse("2024-03-01T10:00:00Z"), null),
                new NewMessage("assistant", "Glassblowing sounds wonderful!", null, "c2",
                        Instant.parse("2024-03-01T10:00:05Z"), null));

        ImportResult imported = this.skein.importMessages(conversation, history);
        ImportResult again = this.skein.importMessages(conversation, history);

        assertThat(imported.imported()).isEqualTo(2);
        assertThat(again.imported()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        SearchResult hits = this.skein.search(conversation, "Where does Ines live?", 5, imported.watermark());
        assertThat(hits.consistent()).isTrue();
        assertThat(hits.results()).anySatisfy(hit -> {
            assertThat(hit.text()).contains("Ghent");
            assertThat(hit.externalIds()).contains("c1");
        });
        List<StoredMessage> recent = this.skein.recentMessages(conversation, 1);
        assertThat(recent).singleElement().satisfies(message -> {
            assertThat(message.externalId()).isEqualTo("c2");
            assertThat(message.createdAt()).isEqualTo(Instant.parse("2024-03-01T10:00:05Z"));
        });
        assertThat(this.skein.transcript(conversation, null, 10).messages()).extracting(StoredMessage::speaker)
            // a message without a speaker is spoken by its role
            .containsExactly("Ines", "assistant");
        MemoryView memory = this.skein.memory(conversation);
        assertThat(memory.counts().messages()).isEqualTo(2);
        assertThat(this.skein.find(conversation)).get().satisfies(info -> assertThat(info.messages()).isEqualTo(2));

        assertThat(this.skein.deleteConversation(conversation)).isTrue();

        assertThat(this.skein.find(conversation)).isEmpty();
        assertThat(this.skein.recentMessages(conversation, 5)).isEmpty();
        assertThat(this.skein.deleteConversation(conversation)).isFalse();
    }

    @Test
    void aTurnIsAnsweredWithItsReplyAndEvidence() {
        String conversation = "client-turn-" + UUID.randomUUID();
        this.skein.importMessages(conversation,
                List.of(NewMessage.user("My cat Miso is afraid of the vacuum cleaner.").withExternalId("m1")));

        TurnResult turn = this.skein.send(conversation, NewMessage.user("What is my cat called?"));

        assertThat(turn.turnId()).isNotNull();
        assertThat(turn.reply().generatedBy()).startsWith("extractive");
        assertThat(turn.evidence()).anySatisfy(memory -> assertThat(memory.text()).contains("Miso"));
    }

    @Test
    void errorsAreTypedExceptionsCarryingTheProblem() {
        String conversation = "client-errors-" + UUID.randomUUID();
        this.skein.importMessages(conversation, List.of(NewMessage.user("first").withExternalId("x1")));

        assertThatExceptionOfType(SkeinException.class)
            .isThrownBy(() -> this.skein.importMessages(conversation,
                    List.of(NewMessage.user("other text").withExternalId("x1"))))
            .satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(409);
                assertThat(ex.problem().errors())
                    .anySatisfy(error -> assertThat(error.field()).isEqualTo("messages[0].externalId"));
                assertThat(ex.retryable()).isFalse();
            });
        assertThatExceptionOfType(SkeinException.class).isThrownBy(() -> this.skein.search(conversation, " ", 5))
            .satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(400);
                assertThat(ex.problem().errors()).anySatisfy(error -> assertThat(error.field()).isEqualTo("query"));
            });
        assertThatExceptionOfType(SkeinException.class)
            .isThrownBy(() -> this.skein.memory("client-missing-" + UUID.randomUUID()))
            .satisfies(ex -> assertThat(ex.problem().status()).isEqualTo(404));
        dev.skein.client.SkeinClient wrongKey = dev.skein.client.SkeinClient.builder()
            .baseUrl(this.stack.gatewayUrl())
            .apiKey("not-a-key")
            .build();
        assertThatExceptionOfType(SkeinException.class).isThrownBy(() -> wrongKey.find(conversation))
            .satisfies(ex -> assertThat(ex.status()).isEqualTo(401));
    }

}
