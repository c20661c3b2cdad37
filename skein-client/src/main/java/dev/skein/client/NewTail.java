package dev.skein.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which messages of a framework's chat-memory window are new. Spring AI's and
 * LangChain4j's window memories hand their store the whole window after every change (the
 * kept end of what the store returned, plus what was added), expecting it to replace what
 * it holds. Skein's memory is append-only, and the messages that fall out of the window
 * must stay (that is what it recalls later), so only the new tail is stored: the window
 * is aligned against the conversation's latest stored messages, and what follows the
 * overlap is new.
 *
 * <p>
 * The externalIds of the new messages are derived from the conversation, the sequence
 * they follow, their place and their text: a save sent again after a lost answer gets the
 * same ids, and Skein stores nothing twice.
 */
public final class NewTail {

    private NewTail() {
    }

    /** A message as both sides see it: role and text. */
    public record Entry(String role, String content) {
    }

    /**
     * The index of the first new message of {@code window}: the largest {@code start}
     * such that the messages before it end exactly like {@code stored} does.
     * @param stored the latest stored messages, oldest first: at least as many as the
     * window holds, or the whole conversation
     * @param window the framework's window, oldest first
     */
    public static int start(List<Entry> stored, List<Entry> window) {
        for (int start = Math.min(window.size(), stored.size()); start > 0; start--) {
            if (window.subList(0, start).equals(stored.subList(stored.size() - start, stored.size()))) {
                return start;
            }
        }
        return 0;
    }

    /**
     * The new messages of {@code window} as messages to import, each with a stable
     * externalId.
     * @param prefix names the adapter in the externalIds, e.g. {@code spring-ai}
     * @param lastSequence the sequence of the latest stored message (0 when none)
     */
    public static List<NewMessage> toImport(String prefix, String conversationId, long lastSequence, List<Entry> stored,
            List<Entry> window) {
        int start = start(stored, window);
        List<NewMessage> messages = new ArrayList<>();
        for (int i = start; i < window.size(); i++) {
            Entry entry = window.get(i);
            String id = prefix + ":" + hash(conversationId + "\n" + lastSequence + "\n" + (i - start) + "\n"
                    + entry.role() + "\n" + entry.content());
            messages.add(new NewMessage(entry.role(), entry.content(), null, id, null, null));
        }
        return messages;
    }

    /**
     * Stores the messages of a framework's chat-memory window that Skein does not hold
     * yet, aligned with the conversation's latest stored messages; never deletes (what
     * left the window is still memory). Sent again, it stores nothing twice.
     * @param prefix names the adapter in the externalIds, e.g. {@code spring-ai}
     */
    public static void save(SkeinClient skein, String prefix, String conversationId, List<Entry> window) {
        save(skein, prefix, conversationId, null, window);
    }

    /**
     * As {@link #save(SkeinClient, String, String, List)}, in a conversation of
     * {@code userId}: the import gives the conversation its user when it has none.
     * @param userId the user, or null to leave the conversation's user as it is
     */
    public static void save(SkeinClient skein, String prefix, String conversationId, String userId,
            List<Entry> window) {
        if (window.isEmpty()) {
            return;
        }
        List<StoredMessage> latest = skein.recentMessages(conversationId, window.size());
        List<Entry> stored = latest.stream()
            .filter((message) -> "user".equals(message.role()) || "assistant".equals(message.role()))
            .map((message) -> new Entry(message.role(), message.content()))
            .toList();
        long lastSequence = latest.isEmpty() ? 0 : latest.get(latest.size() - 1).sequence();
        List<NewMessage> tail = toImport(prefix, conversationId, lastSequence, stored, window);
        if (!tail.isEmpty()) {
            skein.importMessages(conversationId, userId, tail);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

}
