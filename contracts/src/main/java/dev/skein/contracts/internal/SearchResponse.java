package dev.skein.contracts.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.skein.contracts.Evidence;

/**
 * The ranked memories of a search, best first.
 *
 * @param indexedThrough the stream sequence the index had reached when the search ran
 * @param consistent false when the search had to answer before the index reached the
 * watermark
 * @param explain with {@code explain} asked, each result's score parts in the same order,
 * else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResponse(List<Evidence> results, long indexedThrough, boolean consistent,
        @Nullable List<ScoreParts> explain) {

    public SearchResponse(List<Evidence> results, long indexedThrough, boolean consistent) {
        this(results, indexedThrough, consistent, null);
    }
}
