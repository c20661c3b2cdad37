package dev.skein.retrieval.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vectors of the last texts put, by text, at most {@code capacity}, the first put
 * dropped first. A vector is a function of its text and the session that made it, so a
 * text found here needs no model pass. Thread-safe.
 */
final class RecentVectors {

    private final Map<String, float[]> vectors;

    RecentVectors(int capacity) {
        this.vectors = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String text, float[] vector) {
        this.vectors.put(text, vector);
    }

    /** The text's vector, or null. */
    synchronized float[] get(String text) {
        return this.vectors.get(text);
    }

    synchronized void clear() {
        this.vectors.clear();
    }

}
