package dev.skein.tools;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.skein.tools.LocomoDataset.Conversation;
import dev.skein.tools.LocomoDataset.Session;
import dev.skein.tools.LocomoDataset.Turn;

/**
 * Imports a LoCoMo-format conversation through the public API, one import call per
 * session, with the original times: the first speaker is the user, the second the
 * assistant, and each turn keeps its dialogue id as {@code externalId}.
 */
final class LocomoImport {

    private LocomoImport() {
    }

    /**
     * @param watermark the stream sequence of the last imported message
     */
    record Imported(int turns, long watermark) {
    }

    static Imported importSessions(SkeinApi api, String id, Conversation conversation) {
        int count = 0;
        long watermark = 0;
        for (Session session : conversation.sessions()) {
            ArrayNode messages = SkeinApi.JSON.createArrayNode();
            for (int i = 0; i < session.turns().size(); i++) {
                Turn turn = session.turns().get(i);
                ObjectNode message = messages.addObject();
                message.put("role", turn.speaker().equals(conversation.speakerA()) ? "user" : "assistant");
                message.put("speaker", turn.speaker());
                message.put("content", turn.text());
                message.put("externalId", turn.diaId());
                // Turns of a session keep their order, 30 s apart, from the session's
                // start time.
                message.put("createdAt", session.startedAt().plusSeconds(30L * i).toString());
            }
            ObjectNode body = SkeinApi.JSON.createObjectNode();
            body.set("messages", messages);
            JsonNode imported = api.post("/v1/conversations/" + id + "/messages:import", body);
            watermark = Math.max(watermark, Long.parseLong(imported.path("watermark").asString("0")));
            count += messages.size();
        }
        return new Imported(count, watermark);
    }

}
