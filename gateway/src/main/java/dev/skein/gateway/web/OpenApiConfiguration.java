package dev.skein.gateway.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import dev.skein.platform.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Skein API", version = "v1", description = "Memory backend for infinite-length chat"),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key: sk-skein-...")
class OpenApiConfiguration {

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /**
     * Every error of the API is a problem (RFC 9457) from one handler, so it is declared
     * once for every operation here: the handler's own responses are not visible to
     * springdoc. An operation that declares its own 4XX and 5XX keeps them: the OpenAI
     * paths answer errors in OpenAI's shape.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas("Problem", problem());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.getResponses()
                    .putIfAbsent("4XX", problemResponse("The request was not taken: invalid, without a valid "
                            + "API key, about something that does not exist, or over the rate limit"));
                operation.getResponses()
                    .putIfAbsent("5XX", problemResponse("A Skein service failed, is unavailable, or did "
                            + "not answer in time; nothing internal is said"));
            }));
        };
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    private static Schema<?> problem() {
        return new ObjectSchema().description("A problem (RFC 9457); its type is one of " + Problems.BASE + "...")
            .addProperty("type", new StringSchema().format("uri"))
            .addProperty("title", new StringSchema())
            .addProperty("status", new IntegerSchema())
            .addProperty("detail", new StringSchema())
            .addProperty("instance", new StringSchema())
            .addProperty("errors",
                    new ArraySchema().description("Each invalid field of a validation problem")
                        .items(new ObjectSchema().addProperty("field", new StringSchema())
                            .addProperty("message", new StringSchema())));
    }

}
