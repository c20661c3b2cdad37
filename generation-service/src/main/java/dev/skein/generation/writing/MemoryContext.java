package dev.skein.generation.writing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.contracts.internal.SearchResponse;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory a section is written with: the retrieval-service's search of the
 * conversation ({@link RetrievalApi#search}) for the section's title and brief. A search
 * that fails leaves the section without memory instead of failing the job.
 */
class MemoryContext {

    private static final Logger log = LoggerFactory.getLogger(MemoryContext.class);

    /**
     * The search API's limit on a query is far above this; a title and brief never need
     * more.
     */
    private static final int MAX_QUERY_CHARS = 2_000;

    private final RetrievalApi retrieval;

    private final int topK;

    MemoryContext(RetrievalApi retrieval, int topK) {
        this.retrieval = retrieval;
        this.topK = topK;
    }

    /**
     * @param memories "[date] text" of each memory found, best first; {@code available}
     * false when the search failed
     */
    record Recalled(List<String> memories, boolean available) {
    }

    Recalled recall(String tenantId, String conversationId, String query) {
        if (this.topK == 0) {
            return new Recalled(List.of(), true);
        }
        SearchRequest request = new SearchRequest(
                query.length() <= MAX_QUERY_CHARS ? query : query.substring(0, MAX_QUERY_CHARS), this.topK, null, null,
                null);
        SearchResponse answer;
        try {
            answer = this.retrieval.search(tenantId, conversationId, request);
        }
        catch (ProblemException ex) {
            // an outage was logged with its cause where it was translated; this says what
            // it costs
            log.warn("Memory search for a writing job failed ({} {}); writing without memory", ex.problem().getStatus(),
                    ex.problem().getDetail());
            return new Recalled(List.of(), false);
        }
        List<String> memories = new ArrayList<>();
        if (answer != null && answer.results() != null) {
            for (Evidence result : answer.results()) {
                String text = result.text() == null ? "" : result.text().strip();
                if (text.isEmpty()) {
                    continue;
                }
                memories.add(result.createdAt() == null ? text
                        : "[" + LocalDate.ofInstant(result.createdAt(), ZoneOffset.UTC) + "] " + text);
            }
        }
        return new Recalled(memories, true);
    }

}
