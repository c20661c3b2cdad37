package dev.skein.retrieval.web;

import dev.skein.platform.web.ValidationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.skein.contracts.SalientMemory;

/**
 * @param topK memories to return, 10 when absent
 * @param watermark the stream sequence of the caller's last write, as a JSON number or string:
 *        the search waits until the index has reached it
 * @param asOf when the question is asked, for "yesterday" or "last week" in the query; now when absent
 * @param salient memories to favour with their salience in [0, 1], as a turn's recall does
 */
record SearchRequest(@NotBlank @Size(max = 32000) String query, @Min(1) @Max(50) Integer topK, Object watermark,
        Instant asOf, @Size(max = 1000) List<SalientMemory> salient) {

    static final int DEFAULT_TOP_K = 10;

    int topKOrDefault() {
        return this.topK == null ? DEFAULT_TOP_K : this.topK;
    }

    /** The watermark as a sequence, or null when none was given. */
    Long watermarkSequence() {
        if (this.watermark == null) {
            return null;
        }
        if (this.watermark instanceof Integer || this.watermark instanceof Long) {
            return ((Number) this.watermark).longValue();
        }
        if (this.watermark instanceof String text && !text.isBlank()) {
            try {
                return Long.parseLong(text.strip());
            }
            catch (NumberFormatException ex) {
                // falls through to the error below
            }
        }
        throw new ValidationException("watermark", "must be a stream sequence (an integer)");
    }

    Map<UUID, Double> salience() {
        Map<UUID, Double> salience = new HashMap<>();
        if (this.salient != null) {
            for (SalientMemory memory : this.salient) {
                if (memory != null && memory.memoryId() != null) {
                    salience.put(memory.memoryId(), Math.max(0, Math.min(1, memory.salience())));
                }
            }
        }
        return salience;
    }
}
