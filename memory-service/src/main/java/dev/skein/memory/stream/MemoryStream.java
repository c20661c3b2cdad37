package dev.skein.memory.stream;

import dev.skein.platform.web.ValidationException;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.memory.outbox.Outbox;
import dev.skein.platform.keyring.Keyring;
import dev.skein.platform.web.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * SCM's memory stream: every message of a conversation in order, append-only. Each stored
 * message is announced with a {@link MemoryRecorded} "turn" memory through the outbox, so
 * the retrieval-service indexes exactly what was committed.
 */
@Service
public class MemoryStream {

    /** Why an external id sent again with other content is refused. */
    public static final String OTHER_CONTENT = "already names a message with other content";

    private final ConversationStore conversations;

    private final MessageStore messages;

    private final TokenCounter tokens;

    private final MessageRules rules;

    private final Outbox outbox;

    private final StreamListener listener;

    private final Keyring keyring;

    MemoryStream(ConversationStore conversations, MessageStore messages, TokenCounter tokens, MessageRules rules,
            Outbox outbox, StreamListener listener, Keyring keyring) {
        this.keyring = keyring;
        this.conversations = conversations;
        this.messages = messages;
        this.tokens = tokens;
        this.rules = rules;
        this.outbox = outbox;
        this.listener = listener;
    }

    /**
     * Appends one message to a conversation the caller has locked
     * ({@link ConversationStore}), inside the caller's transaction. Idempotent: a message
     * whose id or external id is already in the stream is returned as it is stored,
     * flagged duplicate, and nothing is written.
     * @param id the message id, derived by the caller when a redelivery must map to the
     * same message; null for a random one
     * @param defaultCreatedAt the message's time when the input carries none
     * @param preceding the messages before the conversation's head, when the caller read
     * them; null otherwise
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Appended append(Conversation conversation, MessageInput input, UUID id, Instant defaultCreatedAt,
            @Nullable Preceding preceding, String correlationId) {
        Instant now = Times.now();
        StoredMessage message = toStored(conversation, input, id, conversation.lastSequence() + 1,
                input.createdAt() != null ? input.createdAt() : defaultCreatedAt != null ? defaultCreatedAt : now, now);
        Optional<Conversation> inserted = this.messages.insertUnlessStored(message, now);
        if (inserted.isEmpty()) {
            // a redelivery or a retry, so rare that it may cost the second round trip
            StoredMessage existing = this.messages.findExisting(conversation.uid(), id, input.externalId())
                .orElseThrow(() -> new IllegalStateException("Message " + message.id() + " of conversation "
                        + conversation.uid() + " was not stored, and no message there has its id or external id"));
            return new Appended(existing, true, conversation, null);
        }
        Conversation advanced = inserted.get();
        MessageNotes notes = this.listener.noted(advanced, List.of(message)).get(message.id());
        this.outbox.add(recorded(advanced, message, notes), correlationId);
        this.listener.appended(advanced, List.of(message), preceding, correlationId);
        return new Appended(message, false, advanced, notes);
    }

    /**
     * Imports history in one transaction: all of it is stored or none. Duplicates (an
     * external id already stored, or repeated within the request, with the same role and
     * content) are reported, not stored again; an external id with other content is a
     * conflict, and nothing is stored.
     * @param requestId the request's identity when it may be sent again: its messages get
     * ids derived from it, so the same request finds them and is answered as the first
     * time (imported, not duplicates); null for random ids
     */
    @Transactional
    public ImportResult importMessages(String tenantId, String conversationId, List<MessageInput> inputs,
            @Nullable UUID requestId, String correlationId) {
        return importMessages(tenantId, conversationId, inputs, requestId, null, correlationId);
    }

    /**
     * {@link #importMessages(String, String, List, UUID, String)} into a conversation of
     * a user: the conversation is given to the user when it has none, and another user is
     * a conflict (nothing stored).
     * @param userId the user, or null to leave the conversation's user as it is
     */
    @Transactional
    public ImportResult importMessages(String tenantId, String conversationId, List<MessageInput> inputs,
            @Nullable UUID requestId, @Nullable String userId, String correlationId) {
        List<FieldError> violations = new ArrayList<>(this.rules.checkIds(tenantId, conversationId));
        violations.addAll(this.rules.checkUserId(userId));
        violations.addAll(this.rules.checkImport(inputs));
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Conversation conversation = this.conversations.lockOrCreate(tenantId, conversationId);
        if (userId != null) {
            conversation = this.conversations.belongTo(conversation, userId);
        }
        List<UUID> ids = new ArrayList<>(inputs.size());
        Set<String> externalIds = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            ids.add(requestId == null ? UUID.randomUUID() : importedId(requestId, i));
            if (inputs.get(i).externalId() != null) {
                externalIds.add(inputs.get(i).externalId());
            }
        }
        Map<UUID, StoredMessage> byId = new HashMap<>();
        if (requestId != null) {
            for (StoredMessage stored : this.messages.findByIds(conversation.uid(), ids)) {
                byId.put(stored.id(), stored);
            }
        }
        Map<String, StoredMessage> byExternalId = new HashMap<>();
        for (StoredMessage stored : this.messages.findByExternalIds(conversation.uid(), externalIds)) {
            byExternalId.put(stored.externalId(), stored);
        }
        Instant now = Times.now();
        long sequence = conversation.lastSequence();
        long addedTokens = 0;
        List<StoredMessage> fresh = new ArrayList<>();
        // stored by this same request before: answered as they were the first time
        List<StoredMessage> again = new ArrayList<>();
        List<FieldError> conflicts = new ArrayList<>();
        List<ImportResult.Entry> entries = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            MessageInput input = inputs.get(i);
            StoredMessage stored = byId.get(ids.get(i));
            if (stored != null) {
                again.add(stored);
                entries.add(new ImportResult.Entry(stored.id(), stored.sequence(), stored.externalId(), false));
                continue;
            }
            StoredMessage known = input.externalId() == null ? null : byExternalId.get(input.externalId());
            if (known != null) {
                if (!known.sameAs(input)) {
                    conflicts.add(new FieldError("messages[" + i + "].externalId", OTHER_CONTENT));
                }
                entries.add(new ImportResult.Entry(known.id(), known.sequence(), known.externalId(), true));
                continue;
            }
            StoredMessage message = toStored(conversation, input, ids.get(i), ++sequence,
                    input.createdAt() != null ? input.createdAt() : now, now);
            fresh.add(message);
            addedTokens += message.tokenCount();
            if (message.externalId() != null) {
                byExternalId.put(message.externalId(), message);
            }
            entries.add(new ImportResult.Entry(message.id(), message.sequence(), message.externalId(), false));
        }
        if (!conflicts.isEmpty()) {
            throw Problems.conflict(conflicts.size() == 1 ? conflicts.get(0).field() + " " + OTHER_CONTENT
                    : conflicts.size() + " external ids already name messages with other content", conflicts);
        }
        Conversation advanced = conversation;
        if (!fresh.isEmpty()) {
            this.messages.insertAll(fresh);
            int userTurns = (int) fresh.stream().filter(m -> Roles.USER.equals(m.role())).count();
            advanced = this.conversations.advance(conversation, sequence, addedTokens, userTurns, now);
            Map<UUID, MessageNotes> notes = this.listener.noted(advanced, fresh);
            List<MemoryRecorded> events = new ArrayList<>(fresh.size());
            for (StoredMessage message : fresh) {
                events.add(recorded(advanced, message, notes.get(message.id())));
            }
            Conversation stored = advanced;
            // the memories (turns, and the windows the bank builds) on the import's
            // topic; their range on the chats' topic, so that the index knows what it
            // waits for
            this.outbox.importing(() -> {
                this.outbox.addAll(events, correlationId);
                this.listener.appended(stored, fresh, null, correlationId);
            });
            this.outbox.add(MemoryRecorded.imported(Times.now(), stored.tenantId(), stored.conversationId(),
                    stored.uid(), fresh.get(0).sequence(), fresh.get(fresh.size() - 1).sequence()), correlationId);
            this.listener.imported(stored, correlationId);
        }
        List<StoredMessage> imported = new ArrayList<>(again);
        imported.addAll(fresh);
        Long firstSequence = imported.stream().map(StoredMessage::sequence).min(Long::compare).orElse(null);
        // the head after the import; for a request sent again, where its messages ended
        long lastSequence = fresh.isEmpty() && !again.isEmpty()
                ? again.stream().mapToLong(StoredMessage::sequence).max().getAsLong() : advanced.lastSequence();
        return new ImportResult(advanced, inputs.size(), imported.size(), inputs.size() - imported.size(),
                firstSequence, lastSequence, entries);
    }

    /** The id of the {@code index}th message of an import that may be sent again. */
    static UUID importedId(UUID requestId, int index) {
        return UUID.nameUUIDFromBytes(("import:" + requestId + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Messages after the cursor, ascending; one more than asked is read to know if there
     * is a next page.
     */
    @Transactional(readOnly = true)
    public Page transcript(String tenantId, String conversationId, long afterSequence, int limit) {
        Conversation conversation = existing(tenantId, conversationId);
        List<StoredMessage> rows = this.messages.page(conversation.uid(), afterSequence, limit + 1);
        boolean more = rows.size() > limit;
        List<StoredMessage> page = more ? rows.subList(0, limit) : rows;
        Long next = more ? page.get(page.size() - 1).sequence() : null;
        return new Page(conversation, page, next);
    }

    @Transactional(readOnly = true)
    public Stats stats(String tenantId, String conversationId) {
        Conversation conversation = existing(tenantId, conversationId);
        return new Stats(conversation, this.messages.count(conversation.uid()));
    }

    /**
     * Deletes the conversation and its messages, its events not yet relayed, and its data
     * key (every encrypted copy of its events, in Kafka or elsewhere, becomes unreadable:
     * docs/erasure.md), and tells the other services to forget it, all in one
     * transaction.
     */
    @Transactional
    public UUID erase(String tenantId, String conversationId, String correlationId) {
        Conversation existing = this.conversations.lock(tenantId, conversationId)
            .orElseThrow(() -> new ConversationNotFoundException(tenantId, conversationId));
        this.listener.erasing(tenantId, existing.uid());
        UUID uid = this.conversations.delete(tenantId, conversationId)
            .orElseThrow(() -> new ConversationNotFoundException(tenantId, conversationId));
        this.outbox.forget(tenantId, conversationId);
        this.keyring.erase(tenantId, conversationId);
        this.outbox.add(new ConversationErased(UUID.randomUUID(), Times.now(), tenantId, conversationId, uid),
                correlationId);
        return uid;
    }

    /** The conversation or a 404: every read names the tenant. */
    public Conversation existing(String tenantId, String conversationId) {
        return this.conversations.find(tenantId, conversationId)
            .orElseThrow(() -> new ConversationNotFoundException(tenantId, conversationId));
    }

    private StoredMessage toStored(Conversation conversation, MessageInput input, UUID id, long sequence,
            Instant createdAt, Instant storedAt) {
        // a message without a speaker is spoken by its role: retrieval embeds "speaker:
        // text"
        String speaker = input.speaker() != null ? input.speaker() : input.role();
        return new StoredMessage(id != null ? id : UUID.randomUUID(), conversation.uid(), sequence, input.role(),
                speaker, input.content(), input.externalId(), Times.stored(createdAt), storedAt,
                this.tokens.count(input.content()), input.metadata());
    }

    public static MemoryRecorded recorded(Conversation conversation, StoredMessage message, MessageNotes notes) {
        MessageNotes known = notes == null ? MessageNotes.NONE : notes;
        // a memory without text is not indexed but still moves the index's watermark
        String text = message.quotesMemories() ? "" : message.content();
        return new MemoryRecorded(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                conversation.conversationId(), conversation.uid(), message.id(), "turn", message.role(),
                message.speaker(), text, List.of(message.id()),
                message.externalId() == null ? List.of() : List.of(message.externalId()), message.sequence(),
                message.sequence(), message.createdAt(), known.indexKeys(), known.supersedes());
    }

    /** One page of a transcript; {@code nextCursor} is null on the last page. */
    public record Page(Conversation conversation, List<StoredMessage> messages, Long nextCursor) {
    }

    public record Stats(Conversation conversation, long messageCount) {
    }

}
