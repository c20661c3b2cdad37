package dev.skein.generation.llm;

import dev.skein.generation.GenerationProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** An LLM client exists only when {@code SKEIN_LLM_BASE_URL} is set; else the extractive responder answers. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    @Bean
    @Conditional(LlmConfigured.class)
    OpenAiChatClient openAiChatClient(GenerationProperties properties) {
        GenerationProperties.Llm llm = properties.llm();
        return new OpenAiChatClient(llm.baseUrl(), llm.apiKey(), llm.model(), llm.timeout());
    }

    /** An empty {@code ${SKEIN_LLM_BASE_URL:}} counts as unset, which {@code @ConditionalOnProperty} would not do. */
    static class LlmConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("skein.generation.llm.base-url"));
        }
    }
}
