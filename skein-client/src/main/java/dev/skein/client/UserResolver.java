package dev.skein.client;

/**
 * Which user a conversation belongs to, for the framework adapters: their chat memories
 * know conversations only, and Skein's memory spans a user's conversations once each
 * conversation names its user. Called with every conversation id an adapter stores to or
 * recalls for; null means the conversation has no user.
 *
 * <p>
 * A conversation's user is set once: a resolver that later names another user for the
 * same conversation gets a 409 ({@link SkeinException}).
 */
@FunctionalInterface
public interface UserResolver {

    /**
     * @return the user (an id of the app's own, unique within the tenant), or null
     */
    String userId(String conversationId);

    /** Conversations without users: memory stays per conversation. */
    static UserResolver none() {
        return conversationId -> null;
    }

}
