package dev.skein.retrieval.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param topK memories to return, 10 when absent
 * @param watermark the stream sequence of the caller's last write, as a JSON number or string:
 *        the search waits until the index has reached it
 */
record SearchRequest(@NotBlank @Size(max = 32000) String query, @Min(1) @Max(50) Integer topK, Object watermark) {

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
        throw new InvalidRequestException("watermark: must be a stream sequence (an integer)");
    }
}
