package dev.skein.retrieval.embedding;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import org.springframework.stereotype.Component;

/**
 * all-MiniLM-L6-v2 in-process (the ONNX model ships inside a Maven jar): 384 dimensions,
 * L2-normalized, so cosine distance ranks exactly like the dot product.
 */
@Component
public class Embedder {

    public static final int DIMENSIONS = 384;

    /**
     * The model was trained on passages of at most 256 word pieces; longer text is averaged over
     * partitions at about 0.17 ms per token while adding little signal, and a pasted document as a
     * chat message must not cost the turn a second. The lexical arm still sees the whole text.
     */
    static final int MAX_EMBEDDED_CHARS = 2000;

    private final AllMiniLmL6V2EmbeddingModel model;

    Embedder() {
        // Loaded once (about 1 s): the model and its tokenizer are held for the life of the service.
        this.model = new AllMiniLmL6V2EmbeddingModel();
    }

    /**
     * A memory as indexed: "speaker: text" when the speaker is known, because names carry much of a
     * chat turn's signal (measured: dense recall of LoCoMo evidence 31% bare, 45% with the speaker).
     */
    public float[] embedMemory(String speaker, String text) {
        return embed(memoryText(speaker, text));
    }

    public float[] embedQuery(String query) {
        return embed(query);
    }

    static String memoryText(String speaker, String text) {
        return speaker == null || speaker.isBlank() ? text : speaker.strip() + ": " + text;
    }

    private float[] embed(String text) {
        String input = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
        return this.model.embed(input).content().vector();
    }
}
