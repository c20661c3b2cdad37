package dev.skein.langchain4j;

import java.util.List;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.skein.client.SkeinClient;
import dev.skein.client.StubSkein;
import dev.skein.client.UserResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a {@link UserResolver}, the store keeps each conversation as its user's and the
 * retriever searches the user's conversations; without one, neither names a user. Against
 * a local HTTP server answering as the gateway does (the real API is exercised by the e2e
 * tests).
 */
class UserScopeTests {

    private static final UserResolver ANA = memoryId -> memoryId.startsWith("ana-") ? "u-42" : null;

    private final StubSkein stub = StubSkein.start();

    UserScopeTests() {
        for (String conversation : List.of("ana-tuesday", "bob")) {
            this.stub.answer("/v1/conversations/" + conversation + "/messages:import", 200,
                    "{\"conversationId\":\"" + conversation + "\",\"received\":1,\"imported\":1,\"lastSequence\":1}");
            // conversations the store has not stored yet
            this.stub.answer("/v1/conversations/" + conversation, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        }
        this.stub.answer("/v1/conversations/ana-tuesday/memory:search", 200,
                "{\"results\":[{\"memoryId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\","
                        + "\"text\":\"My sister Ana lives in Porto.\",\"score\":0.9,\"kind\":\"turn\","
                        + "\"conversationId\":\"ana-monday\"}],\"consistent\":true}");
    }

    @AfterEach
    void stop() {
        this.stub.close();
    }

    @Test
    void theStoreKeepsAConversationAsTheUserTheResolverNames() {
        SkeinChatMemoryStore store = new SkeinChatMemoryStore(skein(), 10, ANA);

        store.updateMessages("ana-tuesday", List.of(SystemMessage.from("Be brief."), UserMessage.from("Hi.")));
        store.updateMessages("bob", List.of(UserMessage.from("Hi.")));

        List<String> imports = this.stub.requests().stream().filter(request -> request.contains(":import")).toList();
        assertThat(imports).hasSize(2);
        assertThat(imports.get(0)).startsWith("POST /v1/conversations/ana-tuesday/messages:import")
            .endsWith("\"userId\":\"u-42\"}");
        assertThat(imports.get(1)).doesNotContain("userId");
    }

    @Test
    void theRetrieverSearchesTheUsersConversationsAndNamesEachHitsConversation() {
        Query query = Query.from("Where does my sister live?",
                Metadata.from(UserMessage.from("Where does my sister live?"), "ana-tuesday", List.of()));

        List<Content> recalled = SkeinContentRetriever.perMemoryId(skein(), 3, ANA).retrieve(query);

        assertThat(this.stub.requests()).containsExactly("POST /v1/conversations/ana-tuesday/memory:search "
                + "{\"query\":\"Where does my sister live?\",\"topK\":3,\"scope\":\"user\"}");
        assertThat(recalled).singleElement().satisfies(content -> {
            assertThat(content.textSegment().text()).isEqualTo("My sister Ana lives in Porto.");
            assertThat(content.textSegment().metadata().getString("conversationId")).isEqualTo("ana-monday");
        });
    }

    private SkeinClient skein() {
        return this.stub.client();
    }

}
