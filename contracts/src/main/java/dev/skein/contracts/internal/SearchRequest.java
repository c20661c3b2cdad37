package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.skein.contracts.SalientMemory;

/**
 * A search of one conversation's memories (retrieval-service {@code memory:search});
 * absent fields take their defaults, so nulls are left out.
 *
 * @param topK memories to return, 10 when absent
 * @param watermark the stream sequence of the caller's last write (a JSON number, or a
 * string of digits): the search waits until the index has reached it
 * @param asOf when the question is asked, for "yesterday" or "last week" in the query;
 * now when absent
 * @param salient memories to favour with their salience in [0, 1], as a turn's recall
 * does
 * @param explain true to have each hit's score broken into its parts
 * @param conversationIds other conversations of the same tenant to search as well (the
 * user scope: the conversation's user's other conversations), each hit saying which
 * conversation it is from; absent for the conversation alone
 * @param salienceFromMemory true to have the retrieval-service ask the memory-service for
 * the conversation's salient memories itself, while it embeds the query (instead of
 * {@code salient}); a conversation the memory-service does not have is then a 404
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchRequest(String query, Integer topK, Long watermark, Instant asOf, List<SalientMemory> salient,
        Boolean explain, List<String> conversationIds, Boolean salienceFromMemory) {

    public SearchRequest(String query, Integer topK, Long watermark, Instant asOf, List<SalientMemory> salient,
            Boolean explain) {
        this(query, topK, watermark, asOf, salient, explain, null, null);
    }

    public SearchRequest(String query, Integer topK, Long watermark, Instant asOf, List<SalientMemory> salient) {
        this(query, topK, watermark, asOf, salient, null, null, null);
    }

    public boolean explained() {
        return Boolean.TRUE.equals(this.explain);
    }

    public boolean asksMemoryForSalience() {
        return Boolean.TRUE.equals(this.salienceFromMemory);
    }
}
