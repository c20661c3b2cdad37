package dev.skein.contracts.internal;

/**
 * One search hit's fused score broken into the parts the retrieval-service's fusion adds
 * up (retrieval-service {@code Ranking} and {@code MemorySearch}): {@code fused} is the
 * hit's score, and
 * {@code dense + lexical + time + salience + speaker + supersession + neighbours} equals
 * it (up to floating-point rounding).
 *
 * @param dense the dense arm: weight · z-score of the cosine similarity
 * @param lexical the lexical arm: (1 − weight) · z-score of the BM25 score
 * @param time the boost for a memory inside the time range the query names, else 0
 * @param salience salience weight · the memory's salience in [0, 1] (0 when not salient)
 * @param speaker the boost for a turn said by a speaker the query names, else 0
 * @param supersession the change made by knowledge updates: a superseded memory is moved
 * below the memory that restated it (negative), else 0
 * @param neighbours the change made by smoothing with the neighbouring turns and by
 * merging hits into excerpts, else 0
 * @param fused the hit's score
 */
public record ScoreParts(double dense, double lexical, double time, double salience, double speaker,
        double supersession, double neighbours, double fused) {
}
