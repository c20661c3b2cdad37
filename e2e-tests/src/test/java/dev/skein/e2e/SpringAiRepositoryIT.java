package dev.skein.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;

import dev.skein.client.SkeinClient;
import dev.skein.client.UserMemory;
import dev.skein.client.UserResolver;
import dev.skein.springai.SkeinChatMemoryRepository;
import dev.skein.springai.SkeinRecallAdvisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring AI repository against the stack: it lists the tenant's conversations (issue
 * 13: {@code findConversationIds()} was empty), newest activity first, and forgets an
 * erased one; with a {@link UserResolver}, what a user said in one conversation is
 * recalled in their next (issue 14).
 */
class SpringAiRepositoryIT {

    private final SkeinClient skein = SkeinClient.builder()
        .baseUrl(SkeinStack.get().gatewayUrl())
        .apiKey(SkeinStack.get().newTenant().apiKey())
        .build();

    private final SkeinChatMemoryRepository repository = new SkeinChatMemoryRepository(this.skein, 10);

    @Test
    void listsTheTenantsConversationsNewestActivityFirstAndForgetsAnErasedOne() {
        String older = "spring-ai-" + UUID.randomUUID();
        String newer = "spring-ai-" + UUID.randomUUID();
        assertThat(this.repository.findConversationIds()).isEmpty();

        this.repository.saveAll(older, window("My bike is a green Gazelle from 1987.", "A classic!"));
        this.repository.saveAll(newer, window("I grow tomatoes on my balcony.", "Lovely."));

        assertThat(this.repository.findConversationIds()).containsExactly(newer, older);
        assertThat(this.repository.findByConversationId(older)).extracting(Message::getText)
            .containsExactly("My bike is a green Gazelle from 1987.", "A classic!");
        // another tenant sees none of them
        SkeinClient other = SkeinClient.builder()
            .baseUrl(SkeinStack.get().gatewayUrl())
            .apiKey(SkeinStack.get().newTenant().apiKey())
            .build();
        assertThat(new SkeinChatMemoryRepository(other, 10).findConversationIds()).isEmpty();

        this.repository.deleteByConversationId(newer);

        assertThat(this.repository.findConversationIds()).containsExactly(older);
    }

    @Test
    void aFactSavedInOneConversationOfAUserIsRecalledInTheirNextAndNotInAnothers() {
        String user = "spring-ai-user-" + UUID.randomUUID();
        String monday = "spring-ai-monday-" + UUID.randomUUID();
        String tuesday = "spring-ai-tuesday-" + UUID.randomUUID();
        String strangers = "spring-ai-stranger-" + UUID.randomUUID();
        UserResolver users = conversationId -> conversationId.equals(strangers) ? null : user;
        SkeinChatMemoryRepository repository = new SkeinChatMemoryRepository(this.skein, 10, users);
        SkeinRecallAdvisor advisor = new SkeinRecallAdvisor(this.skein, 3, SkeinRecallAdvisor.DEFAULT_ORDER, users);

        repository.saveAll(monday, window("My sister Ana lives in Porto and loves sailing.", "Noted."));
        // the new conversation's first message, stored by the memory advisor before
        // recall
        repository.saveAll(tuesday, List.of(UserMessage.builder().text("Where does my sister live?").build()));
        repository.saveAll(strangers, List.of(UserMessage.builder().text("Where does my sister live?").build()));

        assertThat(this.skein.find(monday).orElseThrow().userId()).isEqualTo(user);
        assertThat(this.skein.find(strangers).orElseThrow().userId()).isNull();
        // indexing is asynchronous: recalled once the index holds Monday's message
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String system = advisor.before(request(tuesday, "Where does my sister live?"), null)
                .prompt()
                .getSystemMessage()
                .getText();
            assertThat(system).contains("in=\"another conversation\">My sister Ana lives in Porto");
        });
        assertThat(advisor.before(request(strangers, "Where does my sister live?"), null)
            .prompt()
            .getSystemMessage()
            .getText()).doesNotContain("Porto");
        UserMemory facts = this.skein.userMemory(user, null, 20);
        assertThat(facts.facts()).anySatisfy(fact -> {
            assertThat(fact.text()).contains("Porto");
            assertThat(fact.conversationId()).isEqualTo(monday);
        });
        assertThat(this.skein.userConversations(user, null, 20).conversations())
            .extracting(summary -> summary.conversationId())
            .containsExactlyInAnyOrder(monday, tuesday);

        assertThat(this.skein.deleteUser(user)).isTrue();
        assertThat(this.skein.find(monday)).isEmpty();
        assertThat(this.skein.deleteUser(user)).isFalse();
    }

    private static ChatClientRequest request(String conversationId, String text) {
        return ChatClientRequest.builder()
            .prompt(new Prompt(List.<Message>of(SystemMessage.builder().text("Be brief.").build(),
                    UserMessage.builder().text(text).build())))
            .context(Map.of(ChatMemory.CONVERSATION_ID, conversationId))
            .build();
    }

    private static List<Message> window(String user, String assistant) {
        return List.of(SystemMessage.builder().text("Be brief.").build(), UserMessage.builder().text(user).build(),
                AssistantMessage.builder().content(assistant).build());
    }

}
