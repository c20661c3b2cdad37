package dev.skein.memory.stream;

import java.util.List;

/**
 * The messages right before an append's first one, in stream order, read by the caller
 * before the append (a turn's plan needs them too): the last {@code asked} of them, or
 * all there are when fewer. What is derived from the append reads them from here instead
 * of reading again, when enough were asked.
 */
public record Preceding(List<StoredMessage> messages, int asked) {

    public Preceding {
        messages = List.copyOf(messages);
    }

    /** Whether these hold the last {@code count} messages before the append. */
    public boolean reach(int count) {
        return this.asked >= count;
    }

}
