package dev.skein.embedding;

import java.util.List;

/** Arithmetic on embedding vectors, as the encoder and the index do it. */
public final class Vectors {

    private Vectors() {
    }

    /**
     * Scales the vector to unit length, in place (a zero vector stays as it is).
     * @return the same array
     */
    public static float[] normalize(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / norm);
            }
        }
        return vector;
    }

    /**
     * The element-wise sum of vectors of one length; normalized, their mean direction.
     */
    public static float[] sum(List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (float[] vector : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += vector[i];
            }
        }
        return sum;
    }

}
