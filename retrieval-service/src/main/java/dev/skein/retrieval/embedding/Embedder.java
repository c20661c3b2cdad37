package dev.skein.retrieval.embedding;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.skein.embedding.ModelCard;
import dev.skein.embedding.OnnxEncoder;
import dev.skein.embedding.TurnText;
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
 * Two sessions of the model, and the vectors are the same, bit for bit, whatever the
 * session (EmbedderTests):
 * <ul>
 * <li>one thread per call, for what the index stores (the indexer calls it from several
 * threads at once) and for any short text: up to {@value #ONE_THREAD_MAX_CHARS} chars (a
 * question, a turn, a sentence) one thread is as fast as two on 2 cores and spends a
 * third less CPU, which the other calls of a turn or a load need (the pool's second
 * thread is woken and waited for on every call);</li>
 * <li>{@code SKEIN_EMBEDDING_THREADS} threads per call for a longer query or passage (a
 * pasted document as a chat message), where they shorten the call: 160 words took 30-34
 * ms on two threads against 42-48 ms on one.</li>
 * </ul>
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

    /**
     * The longest query or passage embedded on one thread, about 60 words. Measured on 2
     * cores, per call (wall, CPU): 10 words 3.9-4.0 ms and 3.9-4.3 ms on one thread
     * against 4.2-5.7 ms and 5.8-7.5 ms on two; 40 words 9.9-11.8 ms and 10.2-11.5 ms
     * against 10.3-11.8 ms and 14.9-16.7 ms; 60 words about even in wall (15.9-17.1 ms
     * against 16.4-16.7 ms); 100 words 28 ms against 20-25 ms.
     */
    static final int ONE_THREAD_MAX_CHARS = 320;

    /**
     * Turns' questions kept for their statements: a statement is indexed tens of
     * milliseconds after its question, with as many other turns in between as the service
     * has turns at once.
     */
    static final int RECENT_QUESTIONS = 256;

    private final OnnxEncoder allCores;

    private final OnnxEncoder oneThread;

    /**
     * The questions of the latest chat turns, as embedded ahead of their recalls. A
     * user's short statement is embedded bare twice: as its turn's question and, once the
     * turn is indexed, as a statement for the knowledge updates
     * ({@link #embedStatement}); the second takes the first's vector, which is the same
     * (one text, one session). A load test of such turns spent a third of the service's
     * model time on that second pass.
     */
    final RecentVectors turnQuestions = new RecentVectors(RECENT_QUESTIONS);

    /**
     * @param threads ONNX Runtime threads per embedding of a long query or passage
     * ({@code SKEIN_EMBEDDING_THREADS}; 0: one per core the JVM sees; set it to the CPU
     * limit of a container); the index's embeddings and short texts take one each
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
        this.allCores = new OnnxEncoder(ModelCard.named(modelName), threads);
        this.oneThread = new OnnxEncoder(ModelCard.named(modelName), 1);
    }

    /** The name stored with every chunk, so that a model change is detectable. */
    public String modelName() {
        return this.oneThread.card().name();
    }

    /**
     * A memory as indexed: "speaker: text" when the speaker is known, because names carry
     * much of a chat turn's signal (measured: dense recall of LoCoMo evidence 31% bare,
     * 45% with the speaker). A turn's {@code context} is the end of the turn said just
     * before it in the same session, also as "speaker: text": a reply ("Yes, last May!")
     * means little alone (measured with bge: R@10 68.4% → 74.7%).
     * @param context the previous turn as {@link TurnText#context}, or null
     */
    public float[] embedMemory(String context, String speaker, String text) {
        String own = TurnText.spoken(speaker, text);
        return embed(this.oneThread, withContext(context, own));
    }

    public float[] embedMemory(String speaker, String text) {
        return embedMemory(null, speaker, text);
    }

    /** A question as it is: no speaker, no instruction ({@link ModelCard}). */
    public float[] embedQuery(String query) {
        return embed(forLength(query), query);
    }

    /**
     * The same vector as {@link #embedQuery}, on one thread: for a question embedded
     * ahead of its search, which must leave the other cores to the work the search waits
     * for.
     */
    public float[] embedQueryAhead(String query) {
        float[] vector = embed(this.oneThread, query);
        this.turnQuestions.put(query, vector);
        return vector.clone();
    }

    /** Plain text (a sentence of a long input): no speaker. */
    public float[] embedPassage(String text) {
        return embed(forLength(text), text);
    }

    /**
     * Forgets the questions embedded ahead, texts and vectors: a conversation was erased,
     * and its users' words are kept nowhere after. All of them, since they are kept by
     * text alone; the next statements are embedded again.
     */
    public void forgetTurnQuestions() {
        this.turnQuestions.clear();
    }

    /**
     * Plain text as the index stores it (a statement's bare embedding): the same vector
     * as {@link #embedPassage}, from the indexer's session; a chat turn's question of the
     * same text, embedded ahead, is that vector already.
     */
    public float[] embedStatement(String text) {
        float[] asked = this.turnQuestions.get(text);
        return asked != null ? asked.clone() : embed(this.oneThread, text);
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

    /** One thread for a short text, all cores for a long one. */
    private OnnxEncoder forLength(String text) {
        return text.length() <= ONE_THREAD_MAX_CHARS ? this.oneThread : this.allCores;
    }

    private static float[] embed(OnnxEncoder encoder, String text) {
        String input = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
        return encoder.embed(input);
    }

    @PreDestroy
    public void close() {
        this.allCores.close();
        this.oneThread.close();
    }

}
