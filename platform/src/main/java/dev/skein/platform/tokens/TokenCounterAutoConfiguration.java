package dev.skein.platform.tokens;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The one {@link TokenCounter} of a service. */
@AutoConfiguration
public class TokenCounterAutoConfiguration {

    @Bean
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

}
