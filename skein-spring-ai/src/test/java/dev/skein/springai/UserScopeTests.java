package dev.skein.springai;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;

import dev.skein.client.SkeinClient;
import dev.skein.client.StubSkein;
import dev.skein.client.UserResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a {@link UserResolver}, the repository stores each conversation as its user's and
 * the advisor recalls across the user's conversations; without one, neither names a user.
 * Against a local HTTP server answering as the gateway does (the real API is exercised by
 * the e2e tests).
 */
class UserScopeTests {

    private static final UserResolver ANA = conversationId -> "u-42";

    private final StubSkein stub = StubSkein.start();

    UserScopeTests() {
        this.stub.answer("/v1/conversations/tuesday/messages:import", 200,
                "{\"conversationId\":\"tuesday\",\"received\":1,\"imported\":1,\"lastSequence\":1}");
        this.stub.answer("/v1/conversations/tuesday/memory:search", 200,
                "{\"results\":[{\"text\":\"My sister Ana lives in Porto.\",\"score\":1.0,\"kind\":\"turn\","
                        + "\"conversationId\":\"monday\"}],\"consistent\":true}");
        // a conversation the repository has not stored yet
        this.stub.answer("/v1/conversations/tuesday", 404, "{\"status\":404,\"title\":\"Not Found\"}");
    }

    @AfterEach
    void stop() {
        this.stub.close();
    }

    @Test
    void theRepositoryStoresAConversationAsItsUsers() {
        new SkeinChatMemoryRepository(skein(), 10, ANA).saveAll("tuesday",
                List.of(UserMessage.builder().text("Where does my sister live?").build()));
        new SkeinChatMemoryRepository(skein(), 10).saveAll("tuesday",
                List.of(UserMessage.builder().text("Where does my sister live?").build()));

        List<String> imports = this.stub.requests().stream().filter(request -> request.contains(":import")).toList();
        assertThat(imports).hasSize(2);
        assertThat(imports.get(0)).endsWith("\"userId\":\"u-42\"}");
        assertThat(imports.get(1)).doesNotContain("userId");
    }

    @Test
    void theAdvisorRecallsAcrossTheUsersConversationsAndSaysWhereFrom() {
        ChatClientRequest request = ChatClientRequest.builder()
            .prompt(new Prompt(List.<Message>of(SystemMessage.builder().text("Be brief.").build(),
                    UserMessage.builder().text("Where does my sister live?").build())))
            .context(Map.of(ChatMemory.CONVERSATION_ID, "tuesday"))
            .build();

        ChatClientRequest userScope = new SkeinRecallAdvisor(skein(), 3, SkeinRecallAdvisor.DEFAULT_ORDER, ANA)
            .before(request, null);
        new SkeinRecallAdvisor(skein(), 3).before(request, null);

        assertThat(this.stub.requests()).containsExactly(
                "POST /v1/conversations/tuesday/memory:search {\"query\":\"Where does my sister live?\",\"topK\":3,"
                        + "\"scope\":\"user\"}",
                "POST /v1/conversations/tuesday/memory:search {\"query\":\"Where does my sister live?\",\"topK\":3}");
        assertThat(userScope.prompt().getSystemMessage().getText()).startsWith("Be brief.")
            .contains("this conversation and the user's other conversations")
            .contains("in=\"another conversation\">My sister Ana lives in Porto.</memory>");
    }

    private SkeinClient skein() {
        return this.stub.client();
    }

}
