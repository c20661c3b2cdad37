package dev.skein.gateway.apikey;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.Storable;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key management for operators, behind {@code SKEIN_ADMIN_TOKEN}. Without a token the API
 * does not exist (404), so an unconfigured deployment exposes nothing to guess at.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private static final int MAX_NAME_LENGTH = 200;

    private final ApiKeyService keys;

    private final GatewayProperties properties;

    AdminController(ApiKeyService keys, GatewayProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    // Described, not declared as produces: a mismatched Accept would then answer 406 and
    // show that the
    // admin API exists where it is switched off.
    @PostMapping("/tenants/{tenantId}/api-keys")
    @ApiResponse(responseCode = "201", description = "The new key; shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiKeyService.IssuedKey.class)))
    ResponseEntity<ApiKeyService.IssuedKey> issue(@PathVariable String tenantId,
            @RequestBody(required = false) KeyRequest body, HttpServletRequest request) {
        authorize(request);
        String name = body == null ? null : body.name();
        List<FieldError> errors = new ArrayList<>();
        if (!ClientIds.valid(tenantId)) {
            errors.add(new FieldError("tenantId", ClientIds.RULE));
        }
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        else {
            Storable.checkText(name, "name", errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(this.keys.issue(tenantId, name));
    }

    @DeleteMapping("/api-keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable UUID keyId, HttpServletRequest request) {
        authorize(request);
        if (!this.keys.revoke(keyId)) {
            throw Problems.notFound("No API key " + keyId + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private void authorize(HttpServletRequest request) {
        if (!this.properties.adminApiEnabled()) {
            throw Problems.notFound("Not found.");
        }
        String token = ApiKeyFilter.bearerToken(request);
        if (token == null || !ApiKeys.constantTimeEquals(token, this.properties.adminToken())) {
            throw Problems.unauthorized("The admin token is missing or wrong.");
        }
    }

    record KeyRequest(String name) {
    }

}
