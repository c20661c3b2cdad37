package dev.skein.platform.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import org.jspecify.annotations.Nullable;

/**
 * Tokens as the whole of Skein counts them: cl100k_base, the unit of every budget. One
 * {@link Encoding} is shared (it is thread-safe, and loading its vocabulary takes a
 * noticeable fraction of a second).
 * <p>
 * Never throws on any text. Special-token strings such as {@code <|endoftext|>} are user
 * content here and are counted as ordinary text: jtokkit's strict methods throw on them,
 * and one such message once stalled the indexing of a whole batch.
 */
public final class TokenCounter {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** Tokens of {@code text}; 0 for null or empty. */
    public int count(@Nullable String text) {
        return text == null || text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }

    /**
     * The longest prefix of {@code text} that fits in {@code maxTokens}, cut at a token
     * boundary.
     */
    public Truncated truncate(String text, int maxTokens) {
        EncodingResult result = CL100K.encodeOrdinary(text, Math.max(0, maxTokens));
        if (!result.isTruncated()) {
            return new Truncated(text, result.getTokens().size(), false);
        }
        String prefix = result.getLastProcessedCharacterIndex() < 0 ? ""
                : text.substring(0, result.getLastProcessedCharacterIndex() + 1);
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            // never hand on half of a surrogate pair (an emoji cut in two)
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return new Truncated(prefix, count(prefix), true);
    }

    /** A prefix of a text and its token count. */
    public record Truncated(String text, int tokens, boolean truncated) {
    }

}
