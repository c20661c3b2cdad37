package dev.skein.generation.extractive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.FlashTurn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveResponderTests {

    private final ExtractiveResponder responder = new ExtractiveResponder();

    @Test
    void quotesTheBestMemoriesWithTheirDatesBestFirst() {
        Evidence cat = evidence("Alice: I adopted a cat named Miso.", 0.9, "2023-05-01T10:00:00Z");
        Evidence trip = evidence("Alice: We flew to Lisbon\nBob: How was it?", 0.4, "2023-06-12T08:30:00Z");
        Evidence job = evidence("Alice: I started at the bakery.", 0.7, null);

        ExtractiveReply reply = this.responder.reply(null, List.of(), List.of(trip, cat, job));

        assertThat(reply.content()).isEqualTo("""
                [Skein extractive responder — no LLM wrote this reply; it quotes your stored memories.]
                The most relevant things said earlier in this conversation:
                - 2023-05-01: "Alice: I adopted a cat named Miso."
                - undated: "Alice: I started at the bakery."
                - 2023-06-12: "Alice: We flew to Lisbon / Bob: How was it?\"""");
        assertThat(reply.quoted()).containsExactly(cat, job, trip);
    }

    @Test
    void saysNoLlmWroteItAndInventsNothingWithoutEvidence() {
        ExtractiveReply reply = this.responder.reply(null, List.of(), List.of());

        assertThat(reply.content()).startsWith(ExtractiveResponder.LABEL).contains("no LLM wrote this reply");
        assertThat(reply.content()).isEqualTo(ExtractiveResponder.LABEL + "\n"
                + "No earlier memory of this conversation matches your message, so there is nothing stored to quote.");
        assertThat(reply.quoted()).isEmpty();
        assertThat(this.responder.reply(null, null, null).content()).isEqualTo(reply.content());
    }

    @Test
    void quotesAtMostFiveTrimmedMemories() {
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            evidence.add(evidence("word ".repeat(100) + i, i / 10.0, "2024-01-0" + (i + 1) + "T00:00:00Z"));
        }

        ExtractiveReply reply = this.responder.reply(null, List.of(), evidence);

        assertThat(reply.quoted()).hasSize(5).extracting(Evidence::score).containsExactly(0.6, 0.5, 0.4, 0.3, 0.2);
        List<String> lines = reply.content().lines().toList();
        assertThat(lines).hasSize(7);
        String quote = "word ".repeat(59) + "word…";
        assertThat(lines.get(2)).isEqualTo("- 2024-01-07: \"" + quote + "\"");
        assertThat(quote).hasSize(300);
    }

    @Test
    void piecesConcatenateToTheWholeReply() {
        String content = this.responder
            .reply(null, List.of(), List.of(evidence("Alice:  two  spaces\n and a newline", 1, null)))
            .content();

        List<String> pieces = ExtractiveResponder.pieces(content);

        // its first words at once, then the rest in one piece
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).split("\\s+")).hasSize(8);
        assertThat(String.join("", pieces)).isEqualTo(content);
        assertThat(ExtractiveResponder.pieces("one two")).containsExactly("one two");
        assertThat(ExtractiveResponder.pieces("one two three four five six seven eight  nine\n ten"))
            .containsExactly("one two three four five six seven eight  ", "nine\n ten");
        assertThat(ExtractiveResponder.pieces("")).isEmpty();
    }

    @Test
    void aFactStillInFlashMemoryIsQuotedWhenTheMessageAsksAboutIt() {
        FlashTurn porto = turn(1, "user", "My sister Ana lives in Porto and loves sailing.", "m1");
        FlashTurn answer = turn(2, "assistant", "That sounds lovely!", null);
        FlashTurn question = turn(3, "user", "Where does my sister live?", "m3");

        ExtractiveReply reply = this.responder.reply(question, List.of(porto, answer), List.of());

        assertThat(reply.content()).startsWith(ExtractiveResponder.LABEL)
            .contains("\"My sister Ana lives in Porto and loves sailing.\"");
        assertThat(reply.quoted()).singleElement().satisfies(quoted -> {
            assertThat(quoted.messageIds()).containsExactly(porto.messageId());
            assertThat(quoted.externalIds()).containsExactly("m1");
        });
    }

    @Test
    void flashTurnsAndRecalledMemoriesAreRankedTogetherBySharedWords() {
        Evidence unrelated = evidence("Alice: I started at the bakery.", 0.9, "2023-05-01T10:00:00Z");
        Evidence boat = evidence("Ana: I bought a sailing boat in Porto.", 0.2, "2023-04-01T10:00:00Z");
        FlashTurn sister = turn(7, "user", "My sister sails every weekend.", null);
        FlashTurn noise = turn(8, "user", "It rained all day.", null);
        FlashTurn question = turn(9, "user", "Does my sister still go sailing near Porto?", null);

        ExtractiveReply reply = this.responder.reply(question, List.of(sister, noise), List.of(unrelated, boat));

        // boat shares "sail" and "porto", the flash turn "sister" and "sail", the bakery
        // nothing;
        // the rainy turn shares nothing and is left out
        assertThat(reply.quoted()).extracting(Evidence::text)
            .containsExactly("Ana: I bought a sailing boat in Porto.", "My sister sails every weekend.",
                    "Alice: I started at the bakery.");
    }

    @Test
    void neitherTheQuestionNorAnEarlierExtractiveReplyIsQuoted() {
        FlashTurn earlier = turn(1, "assistant", ExtractiveResponder.LABEL + "\nMy sister quotes", null);
        FlashTurn question = turn(2, "user", "Where does my sister live?", null);

        ExtractiveReply reply = this.responder.reply(question, List.of(earlier, question), List.of());

        assertThat(reply.quoted()).isEmpty();
        assertThat(reply.content()).endsWith(ExtractiveResponder.NOTHING_FOUND);
    }

    private static FlashTurn turn(long sequence, String role, String content, String externalId) {
        return new FlashTurn(UUID.randomUUID(), sequence, role, null, content, externalId,
                Instant.parse("2024-01-01T10:00:00Z").plusSeconds(sequence));
    }

    private static Evidence evidence(String text, double score, String createdAt) {
        return new Evidence(UUID.randomUUID(), "turn", null, text, score, List.of(), List.of(), 1, 1,
                createdAt == null ? null : Instant.parse(createdAt));
    }

}
