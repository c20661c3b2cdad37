package dev.skein.memory.recall;

import java.util.List;

import dev.skein.memory.salience.ExtractiveSummarizer;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.tokens.TokenCounter;

import org.springframework.stereotype.Component;

/** A long flash turn's most salient sentences under the tenant's unigram model. */
@Component
class FlashCondenser implements TurnCondenser {

    private final Salience salience;

    private final TokenCounter tokens;

    FlashCondenser(Salience salience, TokenCounter tokens) {
        this.salience = salience;
        this.tokens = tokens;
    }

    @Override
    public String condense(StoredMessage message, int maxTokens) {
        return ExtractiveSummarizer
            .summarize(List.of(new ExtractiveSummarizer.Source(0, null, message.content())),
                    this.salience.model(this.salience.tenantOf(message.conversationUid()), List.of(message.content())),
                    maxTokens, this.tokens)
            .text();
    }

}
