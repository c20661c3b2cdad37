package dev.skein.generation.prompt;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts with cl100k_base, the tokenizer the memory-service budgets with, so that the budgets
 * of both services speak the same unit.
 */
public final class TokenCounter {

    /**
     * Chat formatting around each message (role, separators): 3 tokens per message and 3 to prime
     * the reply, as OpenAI documents for its chat models.
     */
    static final int TOKENS_PER_MESSAGE = 3;

    static final int REPLY_PRIMING_TOKENS = 3;

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private TokenCounter() {
    }

    /** Counts special-token text such as "&lt;|endoftext|&gt;" as ordinary text: users may type it. */
    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }
}
