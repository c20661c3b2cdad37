package dev.skein.retrieval.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.skein.retrieval.RetrievalProperties;

/**
 * The embedding model in-process (the ONNX model ships inside a Maven jar):
 * bge-small-en-v1.5 quantized by default, all-MiniLM-L6-v2 on request; both 384
 * dimensions, L2-normalized, so cosine distance ranks exactly like the dot product.
 * Vectors of two models are not comparable: each chunk records its model, and changing
 * {@code SKEIN_EMBEDDING_MODEL} needs a reindex.
 */
@Component
public class Embedder {

    public static final int DIMENSIONS = 384;

    public static final String BGE_SMALL_Q = "bge-small-en-v15-q";

    public static final String MINILM = "all-minilm-l6-v2";

    /** bge is trained with this instruction on queries (not passages) for retrieval. */
    static final String BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    /**
     * The models were trained on passages of at most 256-512 word pieces; longer text is
     * averaged over partitions at about 0.17 ms per token while adding little signal, and
     * a pasted document as a chat message must not cost the turn a second. The lexical
     * arm still sees the whole text.
     */
    static final int MAX_EMBEDDED_CHARS = 2000;

    private final EmbeddingModel model;

    private final String modelName;

    private final String queryPrefix;

    @Autowired
    Embedder(RetrievalProperties properties) {
        this(properties.embeddingModel());
    }

    public Embedder(String modelName) {
        // Loaded once (about 1 s): the model and its tokenizer are held for the life of
        // the service.
        switch (modelName) {
            case BGE_SMALL_Q -> {
                this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
                this.queryPrefix = BGE_QUERY_PREFIX;
            }
            case MINILM -> {
                this.model = new AllMiniLmL6V2EmbeddingModel();
                this.queryPrefix = "";
            }
            default -> throw new IllegalArgumentException(
                    "Unknown embedding model " + modelName + " (known: " + BGE_SMALL_Q + ", " + MINILM + ")");
        }
        this.modelName = modelName;
    }

    /** The name stored with every chunk, so that a model change is detectable. */
    public String modelName() {
        return this.modelName;
    }

    /**
     * A memory as indexed: "speaker: text" when the speaker is known, because names carry
     * much of a chat turn's signal (measured: dense recall of LoCoMo evidence 31% bare,
     * 45% with the speaker). A turn's {@code context} is the turn said just before it in
     * the same session, also as "speaker: text": a reply ("Yes, last May!") means little
     * alone (measured with bge: R@10 68.4% → 74.7%).
     * @param context the previous turn as {@link #memoryText}, or null
     */
    public float[] embedMemory(String context, String speaker, String text) {
        String own = memoryText(speaker, text);
        return embed(withContext(context, own));
    }

    public float[] embedMemory(String speaker, String text) {
        return embedMemory(null, speaker, text);
    }

    public float[] embedQuery(String query) {
        return embed(this.queryPrefix + query);
    }

    /** Plain text (a sentence of a long input): no speaker, no instruction. */
    public float[] embedPassage(String text) {
        return embed(text);
    }

    public static String memoryText(String speaker, String text) {
        return speaker == null || speaker.isBlank() ? text : speaker.strip() + ": " + text;
    }

    /**
     * The context goes first but is cut from its start, so that the turn itself is always
     * embedded.
     */
    static String withContext(String context, String own) {
        if (context == null || context.isBlank() || own.length() >= MAX_EMBEDDED_CHARS - 1) {
            return own;
        }
        int room = MAX_EMBEDDED_CHARS - 1 - own.length();
        String kept = context.length() > room ? context.substring(context.length() - room) : context;
        return kept + "\n" + own;
    }

    private float[] embed(String text) {
        String input = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
        return this.model.embed(input).content().vector();
    }

}
