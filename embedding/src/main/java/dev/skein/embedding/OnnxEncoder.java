package dev.skein.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One BERT-style sentence encoder in this process: text in, an L2-normalized vector out,
 * one sequence per call. Thread-safe (ONNX Runtime sessions are).
 *
 * <p>
 * It computes what langchain4j's in-process models compute from the same files (tested
 * against them), with two differences that are only about cost. Its ONNX Runtime threads
 * do not spin while they wait for work: by default they busy-wait between operators,
 * which on a machine of few cores burns more CPU than the model itself (measured on 2
 * cores: 37 ms of process CPU per typical chat turn spinning, 17 ms not) and takes the
 * cores the database and Kafka need. And the text is tokenized once, not tokenized,
 * rebuilt and tokenized again.
 *
 * <p>
 * One sequence per call on purpose: the int8 model quantizes activations per tensor, so
 * in a padded batch one text's vector depends on the other texts of the batch (cosine
 * 0.99 to itself alone, measured); a memory must embed the same wherever it is indexed.
 */
public final class OnnxEncoder implements AutoCloseable {

    /** Word pieces per pass without [CLS] and [SEP]: the models' 512 positions. */
    static final int MAX_PIECES = 510;

    private final ModelCard card;

    private final OrtEnvironment environment;

    private final OrtSession session;

    private final HuggingFaceTokenizer tokenizer;

    private final boolean typeIds;

    /**
     * @param threads ONNX Runtime intra-op threads; 0 for one per core
     */
    public OnnxEncoder(ModelCard card, int threads) {
        this.card = card;
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = this.environment.createSession(resource(card.onnxResource()), options);
            this.typeIds = this.session.getInputNames().contains("token_type_ids");
        }
        catch (OrtException ex) {
            throw new IllegalStateException("Cannot load the embedding model " + card.name(), ex);
        }
        try (InputStream tokenizer = open(card.tokenizerResource())) {
            // no padding, no truncation: a longer text is embedded in parts (see embed)
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizer, Map.of("padding", "false"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public ModelCard card() {
        return this.card;
    }

    /**
     * The text's vector. A text of more than {@value #MAX_PIECES} word pieces is embedded
     * in parts cut between words, averaged by their lengths (as langchain4j does).
     * @throws IllegalArgumentException for blank text
     */
    public float[] embed(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Cannot embed blank text");
        }
        Encoding encoding = this.tokenizer.encode(text, true, false);
        long[] ids = encoding.getIds();
        if (ids.length - 2 <= MAX_PIECES) {
            return Vectors.normalize(pass(ids));
        }
        // [CLS] pieces... [SEP]: each part gets its own [CLS] and [SEP]
        String[] tokens = encoding.getTokens();
        long cls = ids[0];
        long sep = ids[ids.length - 1];
        List<float[]> parts = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (int[] part : parts(tokens, 1, ids.length - 1)) {
            long[] partIds = new long[part[1] - part[0] + 2];
            partIds[0] = cls;
            System.arraycopy(ids, part[0], partIds, 1, part[1] - part[0]);
            partIds[partIds.length - 1] = sep;
            parts.add(pass(partIds));
            weights.add(part[1] - part[0]);
        }
        return Vectors.normalize(weightedAverage(parts, weights));
    }

    /**
     * Ranges [from, to) of at most {@value #MAX_PIECES} pieces, each ending before a
     * piece that starts a word (a "##" piece continues the one before it).
     */
    static List<int[]> parts(String[] tokens, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        int start = from;
        while (start < to) {
            int end = Math.min(start + MAX_PIECES, to);
            if (end < to) {
                int cut = end;
                while (cut > start + 1 && tokens[cut].startsWith("##")) {
                    cut--;
                }
                end = cut;
            }
            parts.add(new int[] { start, end });
            start = end;
        }
        return parts;
    }

    private float[] pass(long[] ids) {
        long[] shape = { 1, ids.length };
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        try (OnnxTensor inputIds = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(ids), shape);
                OnnxTensor attention = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(mask), shape);
                OnnxTensor types = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(new long[ids.length]),
                        shape)) {
            Map<String, OnnxTensor> inputs = this.typeIds
                    ? Map.of("input_ids", inputIds, "attention_mask", attention, "token_type_ids", types)
                    : Map.of("input_ids", inputIds, "attention_mask", attention);
            try (OrtSession.Result result = this.session.run(inputs)) {
                float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                return pool(tokens);
            }
        }
        catch (OrtException ex) {
            throw new IllegalStateException("The embedding model failed", ex);
        }
    }

    private float[] pool(float[][] tokens) {
        if (this.card.pooling() == ModelCard.Pooling.CLS) {
            return tokens[0].clone();
        }
        float[] mean = new float[tokens[0].length];
        for (float[] token : tokens) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += token[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= tokens.length;
        }
        return mean;
    }

    private static float[] weightedAverage(List<float[]> vectors, List<Integer> weights) {
        float[] sum = new float[vectors.get(0).length];
        int total = 0;
        for (int v = 0; v < vectors.size(); v++) {
            int weight = weights.get(v);
            total += weight;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += vectors.get(v)[i] * weight;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= total;
        }
        return sum;
    }

    private static byte[] resource(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream open(String name) {
        InputStream in = OnnxEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("No " + name + " on the class path (the langchain4j model jar)");
        }
        return in;
    }

    @Override
    public void close() {
        try {
            this.session.close();
        }
        catch (OrtException ex) {
            throw new IllegalStateException(ex);
        }
        this.tokenizer.close();
    }

}
