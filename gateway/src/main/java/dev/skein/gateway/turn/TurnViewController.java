package dev.skein.gateway.turn;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.web.Problems;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** One past turn of a conversation, with the prompt that answered it. */
@RestController
class TurnViewController {

    @GetMapping(path = "/v1/conversations/{conversationId}/turns/{turnId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A turn with its reply and the assembled prompt (flash, evidence, budget used)")
    TurnView turn(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String turnId) {
        ConversationIds.require(conversationId);
        throw Problems.notFound("No such turn.");
    }

}
