package dev.skein.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import org.junit.jupiter.api.Test;

import dev.skein.client.UserResolver;
import dev.skein.langchain4j.SkeinChatMemoryStore;
import dev.skein.langchain4j.SkeinContentRetriever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The LangChain4j store keeps every message once although the chat memory hands it the
 * whole window each time, keeps what leaves the window, and the retriever finds it; with
 * a {@link UserResolver}, the retriever finds in a user's new conversation what they said
 * in an earlier one.
 */
class LangChain4jStoreIT {

    private final dev.skein.client.SkeinClient skein = dev.skein.client.SkeinClient.builder()
        .baseUrl(SkeinStack.get().gatewayUrl())
        .apiKey(SkeinStack.get().newTenant().apiKey())
        .build();

    @Test
    void aWindowSavedAgainOrShiftedStoresOnlyItsNewTail() {
        String conversation = "lc4j-" + UUID.randomUUID();
        SkeinChatMemoryStore store = new SkeinChatMemoryStore(this.skein, 4);
        List<ChatMessage> window = new ArrayList<>(List.of(SystemMessage.from("Be brief."),
                UserMessage.from("My bike is a green Gazelle from 1987."), AiMessage.from("A classic!")));

        store.updateMessages(conversation, window);
        store.updateMessages(conversation, window);
        window.add(UserMessage.from("I ride it to the market."));
        window.add(AiMessage.from("Nice."));
        window.remove(1);
        store.updateMessages(conversation, window);

        List<String> stored = this.skein.transcript(conversation, null, 50)
            .messages()
            .stream()
            .map(message -> message.role() + ": " + message.content())
            .toList();
        assertThat(stored).containsExactly("user: My bike is a green Gazelle from 1987.", "assistant: A classic!",
                "user: I ride it to the market.", "assistant: Nice.");
        assertThat(store.getMessages(conversation)).hasSize(5).first().isEqualTo(SystemMessage.from("Be brief."));

        // indexing is asynchronous: the retriever sees the message once the index has it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Content> recalled = SkeinContentRetriever.perMemoryId(this.skein, 3)
                .retrieve(Query.from("What bike do I have?",
                        Metadata.from(UserMessage.from("What bike do I have?"), conversation, List.of())));
            assertThat(recalled).anySatisfy(content -> assertThat(content.textSegment().text()).contains("Gazelle"));
        });

        store.deleteMessages(conversation);
        assertThat(store.getMessages(conversation)).isEmpty();
    }

    @Test
    void aUsersNewConversationRetrievesWhatTheySaidInAnEarlierOne() {
        String user = "lc4j-user-" + UUID.randomUUID();
        String monday = "lc4j-monday-" + UUID.randomUUID();
        String tuesday = "lc4j-tuesday-" + UUID.randomUUID();
        UserResolver users = conversationId -> conversationId.startsWith("lc4j-stranger-") ? null : user;
        SkeinChatMemoryStore store = new SkeinChatMemoryStore(this.skein, 4, users);

        store.updateMessages(monday,
                List.of(UserMessage.from("My sister Ana lives in Porto and loves sailing."), AiMessage.from("Noted.")));

        assertThat(this.skein.find(monday).orElseThrow().userId()).isEqualTo(user);
        // Tuesday is not stored yet: its first question searches the user's conversations
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Content> recalled = SkeinContentRetriever.perMemoryId(this.skein, 3, users)
                .retrieve(Query.from("Where does my sister live?",
                        Metadata.from(UserMessage.from("Where does my sister live?"), tuesday, List.of())));
            assertThat(recalled).anySatisfy(content -> {
                assertThat(content.textSegment().text()).contains("Porto");
                assertThat(content.textSegment().metadata().getString("conversationId")).isEqualTo(monday);
            });
        });
        String stranger = "lc4j-stranger-" + UUID.randomUUID();
        store.updateMessages(stranger, List.of(UserMessage.from("Where does my sister live?")));
        assertThat(SkeinContentRetriever.perMemoryId(this.skein, 3, users)
            .retrieve(Query.from("Where does my sister live?",
                    Metadata.from(UserMessage.from("Where does my sister live?"), stranger, List.of()))))
            .noneSatisfy(content -> assertThat(content.textSegment().text()).contains("Porto"));
    }

}
