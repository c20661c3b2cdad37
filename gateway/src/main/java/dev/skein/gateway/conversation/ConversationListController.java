package dev.skein.gateway.conversation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import dev.skein.gateway.apikey.Tenant;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's conversations, newest activity first. */
@RestController
class ConversationListController {

    static final int MAX_LIMIT = 100;

    private final MemoryApi memory;

    ConversationListController(MemoryApi memory) {
        this.memory = memory;
    }

    @GetMapping(path = "/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the tenant's conversations, newest activity first")
    ConversationList list(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @Parameter(description = "1 to 100, default 20") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "Only conversations whose id starts with this") @RequestParam(
                    required = false) String idPrefix) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        // the memory-service checks the cursor and the prefix: it made the cursor
        return ConversationList.of(this.memory.conversations(tenant.id(), limit, cursor, idPrefix));
    }

}
