package dev.skein.retrieval;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the retrieval-service.
 *
 * @param searchWait longest wait of a search for the index to reach its watermark
 * @param searchPollInterval how often such a search looks at the watermark again
 * @param recallIndexWait longest wait of a turn's recall for the index to hold every
 * memory older than its flash window (a chat right after an import); the turn goes on
 * with what is there
 * @param embeddingModel {@code bge-small-en-v15-q} or {@code all-minilm-l6-v2}; changing
 * it needs a reindex (vectors of two models are not comparable)
 * @param contextGap a turn is embedded together with the turn before it when that one was
 * said less than this earlier (the same session)
 * @param contextWords the words of that turn embedded with it, its last ones
 * ({@link dev.skein.embedding.TurnText#CONTEXT_WORDS}, which the floor benchmark embeds)
 * @param denseWeight weight of the dense arm's z-score in the fusion; the lexical arm
 * gets the rest
 * @param neighbourWeight share of the better neighbour's (positive) fused score a memory
 * gets
 * @param salienceWeight z units added per unit of salience (turn path, or a search that
 * passes it)
 * @param timeBoost z units added to a memory said in the time range the query names
 * @param keyPhraseKeys whether a turn's key phrases are embedded with it as extra keys
 * (LongMemEval's key expansion)
 * @param exactScanMaxRows a conversation with more chunks is searched through candidates
 * (dense top-N, rare-word matches, a sample for the statistics) instead of a scan of all
 * its rows
 * @param quantizedScanMaxRows up to this many chunks such a conversation's dense
 * candidates come from a scan of the embeddings' sign bits; above, from the HNSW index
 * @param denseCandidates dense candidates of a long conversation
 * @param speakerBoost z units added to a turn whose speaker the query names
 * @param updateSimilarity cosine similarity from which a short user statement that names
 * another value supersedes an older one of the same speaker (knowledge updates by
 * meaning); 1 turns it off
 */
@Validated
@ConfigurationProperties("skein.retrieval")
public record RetrievalProperties(@NotNull @DefaultValue("10s") Duration searchWait,
        @NotNull @DefaultValue("20ms") Duration searchPollInterval,
        @NotNull @DefaultValue("2s") Duration recallIndexWait,
        @NotBlank @DefaultValue("bge-small-en-v15-q") String embeddingModel,
        @NotNull @DefaultValue("2h") Duration contextGap, @Min(1) @DefaultValue("8") int contextWords,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.65") double denseWeight,
        @DecimalMin("0") @DefaultValue("0.1") double neighbourWeight,
        @DecimalMin("0") @DefaultValue("0.2") double salienceWeight,
        @DecimalMin("0") @DefaultValue("0.5") double timeBoost, @DefaultValue("true") boolean keyPhraseKeys,
        @Min(0) @DefaultValue("5000") long exactScanMaxRows, @Min(0) @DefaultValue("60000") long quantizedScanMaxRows,
        @Min(10) @Max(1000) @DefaultValue("100") int denseCandidates,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.7") double updateSimilarity,
        @DecimalMin("0") @DefaultValue("1.0") double speakerBoost) {
}
