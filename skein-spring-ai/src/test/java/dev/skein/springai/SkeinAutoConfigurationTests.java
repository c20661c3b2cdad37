package dev.skein.springai;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.skein.client.StubSkein;
import dev.skein.client.UserResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration gives the app's {@link UserResolver} to the repository (and the
 * advisor), and none when the app has none.
 */
class SkeinAutoConfigurationTests {

    private final StubSkein skein = StubSkein.start()
        .answer("/v1/conversations/u-42:monday/messages:import", 200,
                "{\"conversationId\":\"u-42:monday\",\"received\":1,\"imported\":1}")
        .answer("/v1/conversations/u-42:monday", 404, "{\"status\":404,\"title\":\"Not Found\"}");

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class))
        .withPropertyValues("skein.base-url=" + this.skein.baseUrl(), "skein.api-key=key");

    @AfterEach
    void stop() {
        this.skein.close();
    }

    @Test
    void theAppsUserResolverTiesEachConversationToItsUser() {
        this.contexts
            .withBean(UserResolver.class,
                    () -> conversationId -> conversationId.substring(0, conversationId.indexOf(':')))
            .run(context -> context.getBean(ChatMemoryRepository.class)
                .saveAll("u-42:monday", List.of(UserMessage.builder().text("Hi.").build())));
        this.contexts.run(context -> {
            assertThat(context).hasSingleBean(SkeinRecallAdvisor.class);
            context.getBean(ChatMemoryRepository.class)
                .saveAll("u-42:monday", List.of(UserMessage.builder().text("Hi.").build()));
        });

        List<String> imports = this.skein.requests().stream().filter(request -> request.contains(":import")).toList();
        assertThat(imports).hasSize(2);
        assertThat(imports.get(0)).endsWith("\"userId\":\"u-42\"}");
        assertThat(imports.get(1)).doesNotContain("userId");
    }

}
