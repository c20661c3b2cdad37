package dev.skein.contracts.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A correction of one memory: new text, a pin, or both; an absent field is left as it is.
 *
 * @param content the corrected text; re-embedded and re-indexed at once
 * @param pinned whether the memory's salience is held at or above the pin floor
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryPatch(@Nullable String content, @Nullable Boolean pinned) {
}
