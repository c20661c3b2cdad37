package dev.skein.gateway.openai;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import dev.skein.platform.web.Problems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's models API: {@code skein} (Skein's memory in front of whatever answers), and
 * the LLM the generation-service is configured with when the gateway is told
 * ({@code SKEIN_LLM_MODEL}). Any of them may be sent as {@code model}; the configured
 * model answers either way.
 */
@RestController
class ModelsController {

    static final String SKEIN = "skein";

    private final String llmModel;

    /**
     * @param llmBaseUrl the generation-service's LLM, read from the same environment:
     * without one, no LLM answers and only skein is listed
     */
    ModelsController(@Value("${SKEIN_LLM_BASE_URL:}") String llmBaseUrl,
            @Value("${SKEIN_LLM_MODEL:gpt-4o-mini}") String llmModel) {
        this.llmModel = llmBaseUrl.isBlank() ? null : llmModel;
    }

    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "OpenAI-compatible list of models", description = "skein, and the configured LLM if any")
    @ApiResponse(responseCode = "4XX",
            description = "Without a valid API key, or over the rate limit (OpenAI's " + "error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    @ApiResponse(responseCode = "5XX", description = "The gateway failed (OpenAI's error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    ModelList models() {
        return new ModelList("list", models(this.llmModel));
    }

    @GetMapping(path = "/v1/models/{model}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "OpenAI-compatible model lookup")
    @ApiResponse(responseCode = "4XX",
            description = "No such model, without a valid API key, or over the rate " + "limit (OpenAI's error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    @ApiResponse(responseCode = "5XX", description = "The gateway failed (OpenAI's error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    Model model(@PathVariable String model) {
        return models(this.llmModel).stream()
            .filter(candidate -> candidate.id().equals(model))
            .findFirst()
            .orElseThrow(() -> Problems.notFound("The model '" + model + "' does not exist"));
    }

    static List<Model> models(String llmModel) {
        List<Model> models = new ArrayList<>();
        models.add(new Model(SKEIN, "model", 0, SKEIN));
        if (llmModel != null && !llmModel.isBlank() && !SKEIN.equals(llmModel)) {
            models.add(new Model(llmModel, "model", 0, "system"));
        }
        return models;
    }

    /** OpenAI's list shape. */
    record ModelList(String object, List<Model> data) {
    }

    /**
     * @param created Unix seconds; 0, as Skein does not know when a model was made
     */
    record Model(String id, String object, long created, String owned_by) {
    }

}
