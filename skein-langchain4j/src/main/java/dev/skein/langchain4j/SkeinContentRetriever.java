package dev.skein.langchain4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;

import dev.skein.client.Memory;
import dev.skein.client.SkeinClient;
import dev.skein.client.SkeinException;

/**
 * A {@link ContentRetriever} over Skein's {@code memory:search}: the memories of the
 * conversation that match the query, as contents for LangChain4j's retrieval augmentor.
 * The conversation is the query's chat memory id (an AI service's {@code @MemoryId}), or
 * a fixed one for a retriever of one conversation.
 */
public class SkeinContentRetriever implements ContentRetriever {

    private final SkeinClient skein;

    private final int topK;

    private final Function<Query, String> conversation;

    private SkeinContentRetriever(SkeinClient skein, int topK, Function<Query, String> conversation) {
        this.skein = skein;
        this.topK = topK;
        this.conversation = conversation;
    }

    /** Searches the conversation named by each query's chat memory id. */
    public static SkeinContentRetriever perMemoryId(SkeinClient skein, int topK) {
        return new SkeinContentRetriever(skein, topK, query -> {
            Object memoryId = query.metadata() == null ? null : query.metadata().chatMemoryId();
            return memoryId == null ? null : memoryId.toString();
        });
    }

    /** Searches one conversation. */
    public static SkeinContentRetriever of(SkeinClient skein, String conversationId, int topK) {
        Objects.requireNonNull(conversationId, "conversationId");
        return new SkeinContentRetriever(skein, topK, query -> conversationId);
    }

    @Override
    public List<Content> retrieve(Query query) {
        String conversationId = this.conversation.apply(query);
        if (conversationId == null || query.text() == null || query.text().isBlank()) {
            return List.of();
        }
        try {
            return this.skein.search(conversationId, query.text(), this.topK)
                .results()
                .stream()
                .map(SkeinContentRetriever::content)
                .toList();
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                // a conversation Skein has not seen yet: nothing to recall
                return List.of();
            }
            throw ex;
        }
    }

    private static Content content(Memory memory) {
        Metadata metadata = new Metadata().put("memoryId", memory.memoryId().toString()).put("kind", memory.kind());
        if (memory.createdAt() != null) {
            metadata.put("createdAt", memory.createdAt().toString());
        }
        if (!memory.externalIds().isEmpty()) {
            metadata.put("externalIds", String.join(",", memory.externalIds()));
        }
        return Content.from(TextSegment.from(memory.text(), metadata), Map.of(ContentMetadata.SCORE, memory.score()));
    }

}
