package dev.skein.platform.client;

import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.contracts.internal.WritingJobView;
import dev.skein.contracts.internal.WritingSupport;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The generation-service's internal API: long-form writing jobs and the prompts of recent
 * turns.
 */
@HttpExchange("/internal")
public interface GenerationApi {

    /**
     * A job of the tenant's conversation; a 404 problem for another tenant's or an
     * unknown one.
     */
    @GetExchange("/tenants/{tenantId}/conversations/{conversationId}/writings/{jobId}")
    WritingJobView writing(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable UUID jobId);

    /**
     * Whether the generation-service can write long texts (it has an LLM), and if not,
     * why.
     */
    @GetExchange("/writing")
    WritingSupport writingSupport();

    /**
     * The prompt the answering instance sent for a turn; a 404 problem when it has none.
     */
    @GetExchange("/turns/{turnId}/prompt")
    TurnPrompt turnPrompt(@PathVariable UUID turnId);

}
