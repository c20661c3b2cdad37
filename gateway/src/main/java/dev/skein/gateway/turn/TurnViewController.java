package dev.skein.gateway.turn;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.contracts.internal.TurnRecord;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.gateway.search.RecalledMemory;
import dev.skein.platform.client.GenerationApi;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * One past turn of a conversation, with the prompt that answered it. The memory-service
 * owns the turn (and so decides the tenant and conversation it belongs to); the
 * generation-service keeps the prompt it assembled (in its database, any instance
 * answers), for the conversation's last {@code SKEIN_PROMPT_HISTORY_SIZE} turns.
 */
@RestController
class TurnViewController {

    private final MemoryApi memory;

    private final GenerationApi generation;

    TurnViewController(MemoryApi memory, GenerationApi generation) {
        this.memory = memory;
        this.generation = generation;
    }

    @GetMapping(path = "/v1/conversations/{conversationId}/turns/{turnId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A turn with its reply and the assembled prompt (flash, evidence, budget used)",
            description = "The turn is kept as long as turn outcomes (SKEIN_TURN_RETENTION); its prompt while the "
                    + "generation-service keeps it (the conversation's last SKEIN_PROMPT_HISTORY_SIZE turns, at most "
                    + "SKEIN_PROMPT_RETENTION): " + "without it, prompt is null.")
    TurnView turn(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String turnId) {
        ConversationIds.require(conversationId);
        UUID id = parse(turnId);
        TurnRecord turn = this.memory.turn(tenant.id(), conversationId, id);
        TurnPrompt prompt = prompt(id).filter(p -> p.tenantId() == null || p.tenantId().equals(tenant.id()))
            .orElse(null);
        return new TurnView(turn.turnId(), turn.conversationId(), turn.requestedAt(),
                new TurnView.UserMessage(turn.messageId(), turn.content()),
                turn.replyId() == null ? null
                        : new TurnView.TurnReply(turn.replyId(), turn.replyContent(), turn.generatedBy()),
                prompt == null ? null : view(prompt, conversationId));
    }

    private Optional<TurnPrompt> prompt(UUID turnId) {
        try {
            return Optional.of(this.generation.turnPrompt(turnId));
        }
        catch (ProblemException ex) {
            if (ex.problem().getStatus() == HttpStatus.NOT_FOUND.value()) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    private static TurnView.Prompt view(TurnPrompt prompt, String conversationId) {
        List<TurnView.FlashTurn> flash = prompt.flash() == null ? List.of()
                : prompt.flash()
                    .stream()
                    .map(turn -> new TurnView.FlashTurn(turn.messageId(), turn.sequence(), turn.role(), turn.speaker(),
                            turn.content(), turn.tokens()))
                    .toList();
        List<TurnView.PromptMessage> messages = prompt.messages()
            .stream()
            .map(message -> new TurnView.PromptMessage(message.role(), message.content()))
            .toList();
        return new TurnView.Prompt(prompt.tokenBudget(), prompt.promptTokens(), flash,
                RecalledMemory.of(prompt.evidence(), conversationId), messages);
    }

    private static UUID parse(String turnId) {
        try {
            return UUID.fromString(turnId);
        }
        catch (IllegalArgumentException ex) {
            throw Problems.notFound("The conversation has no such turn.");
        }
    }

}
