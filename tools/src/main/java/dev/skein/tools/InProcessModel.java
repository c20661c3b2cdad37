package dev.skein.tools;

import java.nio.file.Path;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * The retrieval-service's embedding model in this process (the same ONNX model from the
 * same Maven artifact), with the service's query instruction read from its jar: what one
 * embedding costs with nothing around it.
 */
final class InProcessModel {

    private final EmbeddingModel model;

    private final String queryPrefix;

    private final String name;

    InProcessModel(String name, Path retrievalJar) {
        this.name = name;
        switch (name) {
            case "bge-small-en-v15-q" -> {
                this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
                this.queryPrefix = CompiledStatements.read(retrievalJar, "dev/skein/retrieval/embedding/Embedder.class",
                        "BGE_QUERY_PREFIX");
            }
            case "all-minilm-l6-v2" -> {
                this.model = new AllMiniLmL6V2EmbeddingModel();
                this.queryPrefix = "";
            }
            default -> throw new IllegalArgumentException("Unknown embedding model " + name);
        }
    }

    String name() {
        return this.name;
    }

    float[] query(String text) {
        return this.model.embed(this.queryPrefix + text).content().vector();
    }

    /**
     * A turn as the indexer embeds it: the previous turn, a new line, "speaker: text".
     */
    float[] turn(String previous, String speaker, String text) {
        String own = speaker == null ? text : speaker + ": " + text;
        return this.model.embed(previous == null ? own : previous + "\n" + own).content().vector();
    }

}
