package dev.skein.memory.recall;

import java.util.List;

import dev.skein.memory.salience.ExtractiveSummarizer;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.tokens.TokenCounter;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A long flash turn's most salient sentences under the tenant's unigram model, made once.
 * A turn stays among the recent ones for several turns, and each of their plans condensed
 * it again: two statements and the summarizer's work for every long turn of the window,
 * about a fifth of a turn's append and plan when the assistant's replies are long
 * (docs/perf/turn-path-profile.md). Now the first plan that condenses it keeps the
 * summary with the message ({@link MessageStore#keepCondensed}), and the next plans read
 * it with the message. So a turn also reads the same in each prompt it enters, while the
 * tenant's counts move on: a prompt prefix a model's cache can reuse.
 * <p>
 * Only a plan in a writing transaction keeps what it made (a turn's, which holds the
 * conversation's lock); a read-only one (the memory view) only shows it.
 */
@Component
class FlashCondenser implements TurnCondenser {

    private final Salience salience;

    private final TokenCounter tokens;

    private final MessageStore messages;

    FlashCondenser(Salience salience, TokenCounter tokens, MessageStore messages) {
        this.salience = salience;
        this.tokens = tokens;
        this.messages = messages;
    }

    @Override
    public String condense(StoredMessage message, int maxTokens) {
        StoredMessage.Condensed kept = message.condensed();
        if (kept != null && kept.maxTokens() == maxTokens) {
            return kept.text();
        }
        String summary = ExtractiveSummarizer
            .summarize(List.of(new ExtractiveSummarizer.Source(0, null, message.content())),
                    this.salience.model(this.salience.tenantOf(message.conversationUid()), List.of(message.content())),
                    maxTokens, this.tokens)
            .text();
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            this.messages.keepCondensed(message, new StoredMessage.Condensed(maxTokens, summary));
        }
        return summary;
    }

}
