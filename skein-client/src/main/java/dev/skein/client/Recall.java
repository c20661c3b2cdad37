package dev.skein.client;

import java.util.List;

/**
 * What the framework adapters recall for a message: the memories of its conversation,
 * and, when the conversation belongs to a user, those of the user's other conversations
 * too. Nothing Skein has not seen is an error here: a new conversation of a known user
 * recalls from the user's conversations, and a new conversation of no (or a new) user
 * recalls nothing.
 */
public final class Recall {

    private Recall() {
    }

    /**
     * @param userId the user the conversation belongs to, or null: then only the
     * conversation is searched
     */
    public static List<Memory> memories(SkeinClient skein, String conversationId, String userId, String query,
            int topK) {
        try {
            return skein
                .search(conversationId, query, topK, null, userId == null ? SearchScope.CONVERSATION : SearchScope.USER)
                .results();
        }
        catch (SkeinException ex) {
            if (ex.status() != 404) {
                throw ex;
            }
        }
        // a conversation Skein has not seen yet: the user's other conversations, if any
        if (userId == null) {
            return List.of();
        }
        try {
            return skein.searchUser(userId, query, topK).results();
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                return List.of();
            }
            throw ex;
        }
    }

}
