package dev.skein.embedding;

import java.util.List;

/**
 * What runs a sentence-embedding model: its ONNX graph and tokenizer (resources of the
 * langchain4j model jars on the class path), how token vectors become one vector, and the
 * instruction its authors put before a search query.
 *
 * @param name the name stored with every vector ({@code SKEIN_EMBEDDING_MODEL})
 * @param queryPrefix prepended to queries, never to passages
 */
public record ModelCard(String name, String onnxResource, String tokenizerResource, Pooling pooling,
        String queryPrefix) {

    /** bge-small-en-v1.5, int8-quantized: the default (better recall, as fast). */
    public static final ModelCard BGE_SMALL_Q = new ModelCard("bge-small-en-v15-q", "/bge-small-en-v1.5-q.onnx",
            "/bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS,
            "Represent this sentence for searching relevant passages: ");

    public static final ModelCard MINILM = new ModelCard("all-minilm-l6-v2", "/all-minilm-l6-v2.onnx",
            "/all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, "");

    public static final List<ModelCard> KNOWN = List.of(BGE_SMALL_Q, MINILM);

    public static ModelCard named(String name) {
        return KNOWN.stream()
            .filter(card -> card.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Unknown embedding model " + name + " (known: "
                    + String.join(", ", KNOWN.stream().map(ModelCard::name).toList()) + ")"));
    }

    /** How a sequence's token vectors become one vector. */
    public enum Pooling {

        /** the first ([CLS]) token's vector */
        CLS,
        /** the average of all tokens' vectors */
        MEAN

    }

}
