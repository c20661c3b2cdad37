package dev.skein.springai;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.skein.client.UserResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration gives the app's {@link UserResolver} to the repository (and the
 * advisor), and none when the app has none.
 */
class SkeinAutoConfigurationTests {

    private final HttpServer server;

    private final List<String> imports = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner contexts;

    SkeinAutoConfigurationTests() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/v1/conversations/u-42:monday/messages:import", exchange -> {
            this.imports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, 200, "{\"conversationId\":\"u-42:monday\",\"received\":1,\"imported\":1}");
        });
        this.server.createContext("/v1/conversations/u-42:monday",
                exchange -> send(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}"));
        this.server.start();
        this.contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SkeinAutoConfiguration.class))
            .withPropertyValues("skein.base-url=http://127.0.0.1:" + this.server.getAddress().getPort(),
                    "skein.api-key=key");
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
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

        assertThat(this.imports).hasSize(2);
        assertThat(this.imports.get(0)).endsWith("\"userId\":\"u-42\"}");
        assertThat(this.imports.get(1)).doesNotContain("userId");
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
            .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
