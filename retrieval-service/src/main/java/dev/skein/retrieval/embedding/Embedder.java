package dev.skein.retrieval.embedding;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.skein.embedding.ModelCard;
import dev.skein.embedding.OnnxEncoder;
import dev.skein.retrieval.RetrievalProperties;

/**
 * The embedding model in-process (the ONNX model ships inside a Maven jar):
 * bge-small-en-v1.5 quantized by default, all-MiniLM-L6-v2 on request; both 384
 * dimensions, L2-normalized, so cosine distance ranks exactly like the dot product.
 * Vectors of two models are not comparable: each chunk records its model, and changing
 * {@code SKEIN_EMBEDDING_MODEL} needs a reindex. The model runs in {@link OnnxEncoder}
 * (module embedding), which the floor benchmark runs too.
 *
 * <p>
 * Two sessions of the model: one for queries and passages, whose latency a turn waits
 * for, with {@code SKEIN_EMBEDDING_THREADS} threads per call; and one for what the index
 * stores, one thread per call, which the indexer calls from several threads at once. For
 * short texts one thread per call and two calls at once go through about 1.5 times as
 * many texts per second on 2 cores as two threads per call one at a time (which spends
 * more CPU per text handing work between its threads), and the vectors are the same, bit
 * for bit, whatever the threads (EmbedderTests).
 */
@Component
public class Embedder {

    public static final int DIMENSIONS = 384;

    public static final String BGE_SMALL_Q = ModelCard.BGE_SMALL_Q.name();

    public static final String MINILM = ModelCard.MINILM.name();

    /**
     * The models were trained on passages of at most 256-512 word pieces; longer text is
     * averaged over partitions at about 0.17 ms per token while adding little signal, and
     * a pasted document as a chat message must not cost the turn a second. The lexical
     * arm still sees the whole text.
     */
    static final int MAX_EMBEDDED_CHARS = 2000;

    private final OnnxEncoder encoder;

    private final OnnxEncoder indexEncoder;

    /**
     * @param threads ONNX Runtime threads per query or passage embedding
     * ({@code SKEIN_EMBEDDING_THREADS}; 0: one per core the JVM sees; set it to the CPU
     * limit of a container); the index's embeddings take one each
     */
    @Autowired
    Embedder(RetrievalProperties properties, @Value("${skein.retrieval.embedding-threads:0}") int threads) {
        this(properties.embeddingModel(), threads);
    }

    public Embedder(String modelName) {
        this(modelName, 0);
    }

    Embedder(String modelName, int threads) {
        // Loaded once (about 1 s each): the model and its tokenizer are held for the life
        // of the service.
        this.encoder = new OnnxEncoder(ModelCard.named(modelName), threads);
        this.indexEncoder = new OnnxEncoder(ModelCard.named(modelName), 1);
    }

    /** The name stored with every chunk, so that a model change is detectable. */
    public String modelName() {
        return this.encoder.card().name();
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
        return embed(this.indexEncoder, withContext(context, own));
    }

    public float[] embedMemory(String speaker, String text) {
        return embedMemory(null, speaker, text);
    }

    /** A question as it is: no speaker, no instruction ({@link ModelCard}). */
    public float[] embedQuery(String query) {
        return embed(this.encoder, query);
    }

    /**
     * The same vector as {@link #embedQuery}, on one thread: for a question embedded
     * ahead of its search, which must leave the other cores to the work the search waits
     * for.
     */
    public float[] embedQueryAhead(String query) {
        return embed(this.indexEncoder, query);
    }

    /** Plain text (a sentence of a long input): no speaker. */
    public float[] embedPassage(String text) {
        return embed(this.encoder, text);
    }

    /**
     * Plain text as the index stores it (a statement's bare embedding): the same vector
     * as {@link #embedPassage}, from the indexer's session.
     */
    public float[] embedStatement(String text) {
        return embed(this.indexEncoder, text);
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

    private static float[] embed(OnnxEncoder encoder, String text) {
        String input = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
        return encoder.embed(input);
    }

    @PreDestroy
    public void close() {
        this.encoder.close();
        this.indexEncoder.close();
    }

}
