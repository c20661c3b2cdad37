package dev.skein.embedding;

import java.util.List;

/**
 * What runs a sentence-embedding model: its ONNX graph and tokenizer (resources of the
 * langchain4j model jars on the class path) and how token vectors become one vector.
 *
 * <p>
 * A question is embedded as it is, like a passage. bge's authors suggest an instruction
 * before a short query ("Represent this sentence for searching relevant passages: ") and
 * call it optional for v1.5; it is 8 word pieces, about as many as a typical question,
 * and left out the question took 3.4-3.7 ms instead of 5.4-5.6 ms with no recall lost
 * (LoCoMo dev, long-input needles; docs/decisions.md, "A question is embedded without
 * bge's instruction").
 *
 * @param name the name stored with every vector ({@code SKEIN_EMBEDDING_MODEL})
 */
public record ModelCard(String name, String onnxResource, String tokenizerResource, Pooling pooling) {

    /** bge-small-en-v1.5, int8-quantized: the default (better recall, as fast). */
    public static final ModelCard BGE_SMALL_Q = new ModelCard("bge-small-en-v15-q", "/bge-small-en-v1.5-q.onnx",
            "/bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS);

    public static final ModelCard MINILM = new ModelCard("all-minilm-l6-v2", "/all-minilm-l6-v2.onnx",
            "/all-minilm-l6-v2-tokenizer.json", Pooling.MEAN);

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
