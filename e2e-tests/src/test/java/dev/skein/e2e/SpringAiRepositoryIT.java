package dev.skein.e2e;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import dev.skein.client.SkeinClient;
import dev.skein.springai.SkeinChatMemoryRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring AI repository against the stack: it lists the tenant's conversations (issue
 * 13: {@code findConversationIds()} was empty), newest activity first, and forgets an
 * erased one.
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

    private static List<Message> window(String user, String assistant) {
        return List.of(SystemMessage.builder().text("Be brief.").build(), UserMessage.builder().text(user).build(),
                AssistantMessage.builder().content(assistant).build());
    }

}
