package dev.skein.tools;

import dev.skein.embedding.ModelCard;
import dev.skein.embedding.OnnxEncoder;
import dev.skein.embedding.TurnText;

/**
 * The retrieval-service's embedding model in this process: the same encoder (module
 * embedding) on the same ONNX model: what one embedding costs with nothing around it.
 */
final class InProcessModel {

    private final OnnxEncoder encoder;

    InProcessModel(String name) {
        // one thread a call, as the retrieval-service embeds a question, a turn and an
        // indexed memory (Embedder: a short text on one thread)
        this.encoder = new OnnxEncoder(ModelCard.named(name), 1);
    }

    String name() {
        return this.encoder.card().name();
    }

    float[] query(String text) {
        return this.encoder.embed(text);
    }

    /**
     * A turn as the indexer embeds it: the end of the previous turn
     * ({@link TurnText#context}), a new line, "speaker: text".
     * @param previous the previous turn's speaker and text, or null
     */
    float[] turn(String[] previous, String speaker, String text) {
        String own = TurnText.spoken(speaker, text);
        return this.encoder.embed(previous == null ? own
                : TurnText.context(previous[0], previous[1], TurnText.CONTEXT_WORDS) + "\n" + own);
    }

}
