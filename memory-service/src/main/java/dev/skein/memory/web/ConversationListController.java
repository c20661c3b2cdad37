package dev.skein.memory.web;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.internal.ConversationPage;
import dev.skein.memory.stream.ConversationDirectory;
import dev.skein.memory.stream.ConversationDirectory.Position;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's conversations, newest activity first, a page at a time. */
@RestController
class ConversationListController {

    static final int DEFAULT_LIMIT = 20;

    static final int MAX_LIMIT = 100;

    private final ConversationDirectory directory;

    ConversationListController(ConversationDirectory directory) {
        this.directory = directory;
    }

    @GetMapping(path = "/internal/tenants/{tenantId}/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    ConversationPage list(@PathVariable String tenantId, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String idPrefix) {
        List<FieldError> errors = new ArrayList<>();
        if (!ClientIds.valid(tenantId)) {
            errors.add(new FieldError("tenantId", ClientIds.RULE));
        }
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            }
            catch (NumberFormatException ex) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be a number from 1 to " + MAX_LIMIT));
            }
        }
        Position after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = Position.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        String prefix = idPrefix == null || idPrefix.isEmpty() ? null : idPrefix;
        if (prefix != null && !ClientIds.valid(prefix)) {
            errors.add(new FieldError("idPrefix", "must match [A-Za-z0-9._:-]{1,128}"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return this.directory.page(tenantId, size, after, prefix);
    }

}
