package dev.skein.springai;

import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.Assert;

import dev.skein.client.SkeinClient;
import dev.skein.client.UserResolver;

/**
 * Skein as the memory of a Spring AI app, on when {@code skein.base-url} is set: the
 * {@link ChatMemoryRepository} behind Spring AI's auto-configured {@code ChatMemory} (so
 * it runs before Spring AI's chat-memory auto-configuration, whose in-memory repository
 * backs off), and the recall advisor on every auto-configured {@code ChatClient}. A
 * {@link UserResolver} bean of the app ties each conversation to its user: both then use
 * it, so memory spans the user's conversations.
 */
@AutoConfiguration(beforeName = "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration")
@ConditionalOnProperty(prefix = "skein", name = "base-url")
@EnableConfigurationProperties(SkeinProperties.class)
public class SkeinAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SkeinClient skeinClient(SkeinProperties properties) {
        Assert.hasText(properties.apiKey(), "skein.api-key must be set with skein.base-url");
        return SkeinClient.builder()
            .baseUrl(properties.baseUrl())
            .apiKey(properties.apiKey())
            .timeout(properties.timeout())
            .build();
    }

    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    SkeinChatMemoryRepository skeinChatMemoryRepository(SkeinClient skein, SkeinProperties properties,
            ObjectProvider<UserResolver> users) {
        return new SkeinChatMemoryRepository(skein, properties.recentMessages(),
                users.getIfAvailable(UserResolver::none));
    }

    @Bean
    @ConditionalOnMissingBean
    SkeinRecallAdvisor skeinRecallAdvisor(SkeinClient skein, SkeinProperties properties,
            ObjectProvider<UserResolver> users) {
        return new SkeinRecallAdvisor(skein, properties.recallTopK(), SkeinRecallAdvisor.DEFAULT_ORDER,
                users.getIfAvailable(UserResolver::none));
    }

    @Bean
    @ConditionalOnProperty(prefix = "skein", name = "recall", matchIfMissing = true)
    ChatClientCustomizer skeinRecallCustomizer(SkeinRecallAdvisor advisor) {
        return builder -> builder.defaultAdvisors(advisor);
    }

}
