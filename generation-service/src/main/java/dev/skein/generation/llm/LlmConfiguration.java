package dev.skein.generation.llm;

import java.util.ArrayList;
import java.util.List;

import dev.skein.generation.GenerationProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * LLM providers exist only when {@code SKEIN_LLM_BASE_URL} is set; else the extractive
 * responder answers.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    @Bean
    @Conditional(LlmConfigured.class)
    LlmProviders llmProviders(GenerationProperties properties, MeterRegistry meters) {
        GenerationProperties.Llm llm = properties.llm();
        List<OpenAiChatClient> clients = new ArrayList<>();
        List<Boolean> logprobs = new ArrayList<>();
        for (GenerationProperties.Provider provider : llm.providers()) {
            clients.add(new OpenAiChatClient(provider.baseUrl(), provider.apiKey(), provider.model(), llm.timeout()));
            logprobs.add(provider.supportsLogprobs());
        }
        return new LlmProviders(clients, logprobs, llm, meters);
    }

    /**
     * An empty {@code ${SKEIN_LLM_BASE_URL:}} counts as unset, which
     * {@code @ConditionalOnProperty} would not do.
     */
    static class LlmConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("skein.generation.llm.base-url"));
        }

    }

}
