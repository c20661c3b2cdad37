package dev.skein.memory.salience;

import java.util.Map;

/**
 * A snapshot of a tenant's unigram model for the terms at hand: self-information −ln
 * p(term) with add-one smoothing, p = (count + 1) / (total + vocabulary + 1); the +1 in
 * the vocabulary makes room for the unseen term.
 */
public record UnigramModel(Map<String, Long> counts, long total, long vocabulary) {

    double information(String term) {
        long count = this.counts.getOrDefault(term, 0L);
        return -Math.log((count + 1.0) / (this.total + this.vocabulary + 1.0));
    }

    /**
     * The information of a term never seen, the most any term can carry: the scale of
     * salience.
     */
    double maxInformation() {
        return Math.log(this.total + this.vocabulary + 1.0);
    }
}
