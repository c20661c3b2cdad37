package dev.skein.memory.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.internal.ConversationPage;
import dev.skein.contracts.internal.UserErased;
import dev.skein.contracts.internal.UserMemory;
import dev.skein.memory.stream.ConversationDirectory;
import dev.skein.memory.user.UserDirectory;
import dev.skein.memory.user.UserErasure;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's user: their conversations, their durable facts, their erasure. A user the
 * tenant does not have (never named, erased, or another tenant's) is a 404.
 */
@RestController
@RequestMapping(path = "/internal/tenants/{tenantId}/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

    static final int DEFAULT_LIMIT = 20;

    static final int MAX_LIMIT = 100;

    private final UserDirectory users;

    private final ConversationDirectory conversations;

    private final UserErasure erasure;

    UserController(UserDirectory users, ConversationDirectory conversations, UserErasure erasure) {
        this.users = users;
        this.conversations = conversations;
        this.erasure = erasure;
    }

    /** The user's conversations, newest activity first, a page at a time. */
    @GetMapping("/conversations")
    ConversationPage conversations(@PathVariable String tenantId, @PathVariable String userId,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        List<FieldError> errors = checkIds(tenantId, userId);
        int size = parseLimit(limit, errors);
        ConversationDirectory.Position after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = ConversationDirectory.Position.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        check(errors);
        requireUser(tenantId, userId);
        return this.conversations.page(tenantId, size, after, null, userId);
    }

    /** The user's durable facts across their conversations, a page at a time. */
    @GetMapping("/memory")
    UserMemory memory(@PathVariable String tenantId, @PathVariable String userId,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        List<FieldError> errors = checkIds(tenantId, userId);
        int size = parseLimit(limit, errors);
        UserDirectory.Position after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = UserDirectory.Position.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        check(errors);
        requireUser(tenantId, userId);
        return this.users.facts(tenantId, userId, size, after);
    }

    /** Erases every conversation of the user, then the user. */
    @DeleteMapping
    UserErased erase(@PathVariable String tenantId, @PathVariable String userId) {
        check(checkIds(tenantId, userId));
        String correlationId = Correlation.current();
        return this.erasure.erase(tenantId, userId,
                correlationId != null ? correlationId : UUID.randomUUID().toString());
    }

    private void requireUser(String tenantId, String userId) {
        if (!this.users.exists(tenantId, userId)) {
            throw Problems.notFound("The tenant has no such user.");
        }
    }

    private static List<FieldError> checkIds(String tenantId, String userId) {
        List<FieldError> errors = new ArrayList<>();
        if (!ClientIds.valid(tenantId)) {
            errors.add(new FieldError("tenantId", ClientIds.RULE));
        }
        if (!ClientIds.valid(userId)) {
            errors.add(new FieldError("userId", ClientIds.RULE));
        }
        return errors;
    }

    private static int parseLimit(String limit, List<FieldError> errors) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

}
