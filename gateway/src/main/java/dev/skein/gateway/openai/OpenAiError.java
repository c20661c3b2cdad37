package dev.skein.gateway.openai;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;

import dev.skein.platform.web.FieldError;

/**
 * OpenAI's error shape, as {@link OpenAiErrors} writes it on the OpenAI paths: the schema
 * of their 4XX and 5XX answers in the OpenAPI document (springdoc reads it from the
 * {@code @ApiResponse} of {@link ChatCompletionsController} and {@link ModelsController};
 * the filter writes the same members).
 */
@Schema(name = "OpenAiError", description = "OpenAI's error shape, which the OpenAI SDKs parse")
record OpenAiError(@Schema(requiredMode = RequiredMode.REQUIRED) Body error) {

    /**
     * @param title the rest are the problem's own members, for clients that know Skein
     */
    @Schema(name = "OpenAiErrorBody")
    record Body(
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "What went wrong, each invalid field " + "named") String message,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "From the HTTP status as OpenAI uses it",
                    allowableValues = {
                            "invalid_request_error", "authentication_error", "permission_error", "not_found_error",
                            "conflict_error", "rate_limit_error", "server_error" }) String type,
            @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true,
                    description = "The first invalid field, else null") @Nullable String param,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "invalid_api_key (401), rate_limit_exceeded (429), else the name of Skein's "
                            + "problem type (validation, not-found, ...)") String code,
            @Schema(description = "Skein's problem title") @Nullable String title,
            @Schema(description = "The HTTP status") @Nullable Integer status,
            @Schema(description = "Skein's problem detail") @Nullable String detail,
            @Schema(description = "The request path") @Nullable String instance,
            @Schema(description = "Each invalid field of a validation problem") @Nullable List<FieldError> errors){
    }

}
