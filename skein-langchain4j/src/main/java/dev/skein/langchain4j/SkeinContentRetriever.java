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
import dev.skein.client.Recall;
import dev.skein.client.SkeinClient;
import dev.skein.client.UserResolver;

/**
 * A {@link ContentRetriever} over Skein's {@code memory:search}: the memories of the
 * conversation that match the query, as contents for LangChain4j's retrieval augmentor.
 * The conversation is the query's chat memory id (an AI service's {@code @MemoryId}), or
 * a fixed one for a retriever of one conversation. With a {@link UserResolver}, the
 * search spans every conversation of the user the conversation belongs to, and a
 * conversation Skein has not seen yet searches the user's conversations.
 */
public class SkeinContentRetriever implements ContentRetriever {

    private final SkeinClient skein;

    private final int topK;

    private final Function<Query, String> conversation;

    private final UserResolver users;

    private SkeinContentRetriever(SkeinClient skein, int topK, Function<Query, String> conversation,
            UserResolver users) {
        this.skein = skein;
        this.topK = topK;
        this.conversation = conversation;
        this.users = users == null ? UserResolver.none() : users;
    }

    /** Searches the conversation named by each query's chat memory id. */
    public static SkeinContentRetriever perMemoryId(SkeinClient skein, int topK) {
        return perMemoryId(skein, topK, UserResolver.none());
    }

    /**
     * Searches the conversation named by each query's chat memory id, and the other
     * conversations of the user {@code users} names for it (the same resolver as the
     * {@link SkeinChatMemoryStore}'s).
     */
    public static SkeinContentRetriever perMemoryId(SkeinClient skein, int topK, UserResolver users) {
        return new SkeinContentRetriever(skein, topK, query -> {
            Object memoryId = query.metadata() == null ? null : query.metadata().chatMemoryId();
            return memoryId == null ? null : memoryId.toString();
        }, users);
    }

    /** Searches one conversation. */
    public static SkeinContentRetriever of(SkeinClient skein, String conversationId, int topK) {
        Objects.requireNonNull(conversationId, "conversationId");
        return new SkeinContentRetriever(skein, topK, query -> conversationId, UserResolver.none());
    }

    @Override
    public List<Content> retrieve(Query query) {
        String conversationId = this.conversation.apply(query);
        if (conversationId == null || query.text() == null || query.text().isBlank()) {
            return List.of();
        }
        return Recall.memories(this.skein, conversationId, this.users.userId(conversationId), query.text(), this.topK)
            .stream()
            .map(SkeinContentRetriever::content)
            .toList();
    }

    private static Content content(Memory memory) {
        Metadata metadata = new Metadata().put("memoryId", memory.memoryId().toString()).put("kind", memory.kind());
        if (memory.conversationId() != null) {
            metadata.put("conversationId", memory.conversationId());
        }
        if (memory.createdAt() != null) {
            metadata.put("createdAt", memory.createdAt().toString());
        }
        if (!memory.externalIds().isEmpty()) {
            metadata.put("externalIds", String.join(",", memory.externalIds()));
        }
        return Content.from(TextSegment.from(memory.text(), metadata), Map.of(ContentMetadata.SCORE, memory.score()));
    }

}
