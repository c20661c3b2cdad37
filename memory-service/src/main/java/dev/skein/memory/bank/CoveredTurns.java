package dev.skein.memory.bank;

import java.util.List;
import java.util.UUID;

import dev.skein.memory.stream.StoredMessage;

/** What a memory of the bank keeps of the turns it covers: their text and their ids. */
final class CoveredTurns {

    private CoveredTurns() {
    }

    /**
     * The turns as "speaker: text" lines; the extractive responder's quotes of memories
     * are left out.
     */
    static String lines(List<StoredMessage> turns) {
        StringBuilder text = new StringBuilder();
        for (StoredMessage m : turns) {
            if (m.quotesMemories()) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(m.speaker()).append(": ").append(m.content());
        }
        return text.toString();
    }

    static List<UUID> ids(List<StoredMessage> turns) {
        return turns.stream().map(StoredMessage::id).toList();
    }

    static List<String> externalIds(List<StoredMessage> turns) {
        return turns.stream().map(StoredMessage::externalId).filter(id -> id != null).toList();
    }

}
