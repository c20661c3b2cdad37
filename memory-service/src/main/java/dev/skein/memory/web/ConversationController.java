package dev.skein.memory.web;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.internal.ConversationStatus;
import dev.skein.contracts.internal.Erased;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.contracts.internal.MemoryCorrection;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryPatch;
import dev.skein.contracts.internal.MemoryView;
import dev.skein.contracts.internal.SalientMemories;
import dev.skein.contracts.internal.TranscriptResponse;
import dev.skein.contracts.internal.TurnRecord;
import dev.skein.memory.bank.MemoryBank;
import dev.skein.memory.edit.MemoryEdits;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageRules;
import dev.skein.memory.turn.TurnRecords;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal read and import API the gateway routes to (docs/architecture.md). The
 * tenant is resolved by the gateway and is part of every path; every query filters by it.
 */
@RestController
@RequestMapping(path = "/internal/tenants/{tenantId}/conversations/{conversationId}",
        produces = MediaType.APPLICATION_JSON_VALUE)
class ConversationController {

    static final int DEFAULT_LIMIT = 100;

    static final int MAX_LIMIT = 1000;

    private final MemoryStream stream;

    private final MemoryViews views;

    private final MessageRules rules;

    private final MemoryBank bank;

    private final Salience salience;

    private final TurnRecords turns;

    private final MemoryEdits edits;

    ConversationController(MemoryStream stream, MemoryViews views, MessageRules rules, MemoryBank bank,
            Salience salience, TurnRecords turns, MemoryEdits edits) {
        this.turns = turns;
        this.edits = edits;
        this.salience = salience;
        this.bank = bank;
        this.stream = stream;
        this.views = views;
        this.rules = rules;
    }

    @PostMapping(path = "/messages:import", consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportResponse importMessages(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody ImportRequest request) {
        return Responses.imported(this.stream.importMessages(tenantId, conversationId,
                request == null ? null : request.messages(), request == null ? null : request.requestId(),
                request == null ? null : request.userId(), correlationId()));
    }

    @GetMapping("/messages")
    TranscriptResponse transcript(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String limit) {
        checkIds(tenantId, conversationId);
        return Responses
            .transcript(this.stream.transcript(tenantId, conversationId, parseCursor(cursor), parseLimit(limit)));
    }

    @GetMapping("/memory")
    MemoryView memory(@PathVariable String tenantId, @PathVariable String conversationId) {
        checkIds(tenantId, conversationId);
        return this.views.view(tenantId, conversationId);
    }

    /**
     * The conversation's most salient memories now (as a turn's recall gets them, without
     * the flash window), so that the public search ranks with the same salience as the
     * controller.
     */
    @GetMapping("/salient")
    SalientMemories salient(@PathVariable String tenantId, @PathVariable String conversationId) {
        checkIds(tenantId, conversationId);
        // one statement: this is on the path of every memory:search
        return new SalientMemories(this.salience.salientNow(tenantId, conversationId).orElseGet(() -> {
            // the conversation's 404 (or, created meanwhile, nothing salient yet)
            this.stream.existing(tenantId, conversationId);
            return List.of();
        }));
    }

    @GetMapping
    ConversationStatus status(@PathVariable String tenantId, @PathVariable String conversationId) {
        checkIds(tenantId, conversationId);
        MemoryStream.Stats stats = this.stream.stats(tenantId, conversationId);
        return Responses.status(stats, this.bank.countAll(stats.conversation().uid()));
    }

    /**
     * Deletes one memory (a turn's message, or a window, summary or fact) and what was
     * derived from it.
     */
    @DeleteMapping("/memories/{memoryId}")
    MemoryIds deleteMemory(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable UUID memoryId) {
        checkIds(tenantId, conversationId);
        return this.edits.delete(tenantId, conversationId, memoryId);
    }

    /**
     * Corrects one memory's text and/or pins it; the answer tells the gateway what the
     * index must drop and re-embed.
     */
    @PatchMapping(path = "/memories/{memoryId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    MemoryCorrection patchMemory(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable UUID memoryId, @RequestBody(required = false) MemoryPatch patch) {
        checkIds(tenantId, conversationId);
        return this.edits.correct(tenantId, conversationId, memoryId, patch);
    }

    /**
     * A turn of the conversation with its messages' texts; 404 when it has no such turn.
     */
    @GetMapping("/turns/{turnId}")
    TurnRecord turn(@PathVariable String tenantId, @PathVariable String conversationId, @PathVariable UUID turnId) {
        checkIds(tenantId, conversationId);
        return this.turns.find(this.stream.existing(tenantId, conversationId), turnId)
            .orElseThrow(() -> Problems
                .notFound("The conversation has no such turn (or it is older than the " + "turn retention)."));
    }

    @DeleteMapping
    Erased delete(@PathVariable String tenantId, @PathVariable String conversationId) {
        checkIds(tenantId, conversationId);
        return new Erased(this.stream.erase(tenantId, conversationId, correlationId()));
    }

    private void checkIds(String tenantId, String conversationId) {
        List<FieldError> violations = this.rules.checkIds(tenantId, conversationId);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    /** The cursor is the last sequence seen; clients treat it as opaque. */
    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long after = Long.parseLong(cursor);
            if (after >= 0) {
                return after;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new ValidationException(List.of(new FieldError("cursor", "is not a cursor this API returned")));
    }

    private static int parseLimit(String limit) {
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
        throw new ValidationException(List.of(new FieldError("limit", "must be a number from 1 to " + MAX_LIMIT)));
    }

    /**
     * The caller's correlation id when it sent one, so erase and import events can be
     * traced.
     */
    private static String correlationId() {
        String current = Correlation.current();
        return current != null ? current : UUID.randomUUID().toString();
    }

}
