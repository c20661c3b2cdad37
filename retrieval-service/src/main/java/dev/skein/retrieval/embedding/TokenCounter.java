package dev.skein.retrieval.embedding;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import org.springframework.stereotype.Component;

/** Tokens as the whole of Skein counts them: cl100k_base, the budget unit of every turn. */
@Component
public class TokenCounter {

    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : this.encoding.countTokens(text);
    }
}
