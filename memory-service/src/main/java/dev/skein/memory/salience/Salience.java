package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.skein.contracts.Roles;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.TokenLogprob;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.StoredMessage;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * SirLLM's salience: key phrases per message weighted by self-information, a per-memory
 * salience that decays by {@code salienceDecay} every user turn (lazily) and is
 * reinforced when the memory is recalled or its key phrases come up again. A user
 * statement that shares two or more key phrases with an older memory, at least half of
 * its own, and adds something new does not reinforce it: the older one is marked
 * "possibly superseded" and the newer one starts above it (knowledge updates); later
 * mentions of the subject reinforce the newer one only.
 */
@Service
public class Salience {

    /** How many top-salience archived memories a turn hands to retrieval. */
    static final int SALIENT_TOP = 20;

    /** How many older memories one new message may reinforce or supersede. */
    static final int TOUCH_LIMIT = 5;

    /**
     * Only phrases rarer than this (occurrences of each word in the tenant's text)
     * reinforce or supersede: a common word says nothing about which memory is meant, and
     * looking up every memory that shares one would make an import quadratic.
     */
    static final long MENTION_MAX_COUNT = 100;

    /**
     * cl100k's vocabulary: −logprob over ln(vocabulary) puts the LLM's surprise on a [0,
     * 1] scale.
     */
    private static final double LOGPROB_SCALE = Math.log(100_277);

    private final TermStats terms;

    private final SalienceStore store;

    private final MemoryProperties properties;

    Salience(TermStats terms, SalienceStore store, MemoryProperties properties) {
        this.terms = terms;
        this.store = store;
        this.properties = properties;
    }

    /**
     * The key phrases and turn of one appended message.
     *
     * @param supersedes the older memories it marked "possibly superseded"
     */
    public record Noted(StoredMessage message, long turn, List<KeyPhrase> phrases, List<UUID> supersedes) {
    }

    /**
     * Updates the tenant's unigram model with freshly appended messages (one batch for an
     * import), stores their key phrases and salience, and applies reinforcement and
     * supersession in order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Noted> appended(Conversation conversation, List<StoredMessage> fresh) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        int userTurns = (int) fresh.stream().filter(m -> Roles.USER.equals(m.role())).count();
        // the statement that stored them moved the clock and returned the conversation
        // (MessageStore, ConversationStore); one read before them would count wrong
        if (conversation.userTurns() < userTurns) {
            throw new IllegalStateException("The turn clock of conversation " + conversation.uid()
                    + " was read before its messages were stored");
        }
        long turn = conversation.userTurns() - userTurns;
        Map<String, Long> counts = new HashMap<>();
        for (StoredMessage message : fresh) {
            // the extractive responder's quotes would count a recalled memory's words
            // again at
            // every recall, until its key phrases look common and stop marking knowledge
            // updates
            if (message.quotesMemories()) {
                continue;
            }
            for (String term : Terms.of(message.content())) {
                counts.merge(term, 1L, Long::sum);
            }
        }
        UnigramModel model = this.terms.add(conversation.tenantId(), conversation.uid(), counts);
        double ratio = this.properties.salienceDecay();
        List<Noted> noted = new ArrayList<>(fresh.size());
        List<SalienceStore.PhraseRow> phraseRows = new ArrayList<>();
        for (StoredMessage message : fresh) {
            if (Roles.USER.equals(message.role())) {
                turn++;
            }
            List<KeyPhrase> phrases = message.quotesMemories() ? List.of()
                    : KeyPhraseExtractor.rank(message.content(), model);
            noted.add(new Noted(message, turn, phrases, List.of()));
            for (KeyPhrase phrase : phrases) {
                phraseRows.add(new SalienceStore.PhraseRow(message.id(), message.sequence(), phrase.phrase(),
                        phrase.weight()));
            }
        }
        this.store.insertPhrases(conversation.uid(), phraseRows);
        // rows written so far in this batch, so later messages of an import see the
        // earlier ones' changes
        Map<UUID, SalienceRow> rows = new LinkedHashMap<>();
        List<Noted> result = new ArrayList<>(noted.size());
        for (Noted n : noted) {
            double base = normalised(n.phrases(), model.maxInformation());
            String reason = "key phrases " + describe(n.phrases()) + " (self-information, normalised) at turn "
                    + n.turn();
            SalienceRow own = new SalienceRow(n.message().id(), n.message().sequence(), base, n.turn(), reason, null,
                    null);
            List<UUID> superseded = new ArrayList<>();
            own = touchOlder(conversation.uid(), n, own, rows, ratio, model, superseded);
            rows.put(own.memoryId(), own);
            result.add(new Noted(n.message(), n.turn(), n.phrases(), List.copyOf(superseded)));
        }
        this.store.upsert(conversation.uid(), new ArrayList<>(rows.values()), ratio);
        return result;
    }

    /**
     * Reinforces or supersedes the older memories sharing phrases with a new message;
     * returns the new message's own row (raised above what it supersedes).
     */
    private SalienceRow touchOlder(UUID conversationUid, Noted n, SalienceRow own, Map<UUID, SalienceRow> rows,
            double ratio, UnigramModel model, List<UUID> superseded) {
        List<String> mine = n.phrases().stream().map(KeyPhrase::phrase).filter(p -> rare(p, model)).toList();
        if (mine.isEmpty()) {
            return own;
        }
        boolean statement = Roles.USER.equals(n.message().role()) && !Cues.isQuestion(n.message().content())
                && !Cues.refersToPast(n.message().content());
        double boost = this.properties.salienceBoost();
        SalienceRow result = own;
        for (SalienceStore.Overlap overlap : this.store.overlapping(conversationUid, mine, n.message().sequence(),
                TOUCH_LIMIT)) {
            SalienceRow older = rows.getOrDefault(overlap.memoryId(), overlap.stored());
            if (older == null) {
                continue;
            }
            double effective = Decay.effective(older.base(), ratio, older.lastTurn(), n.turn());
            if (statement && restates(mine, overlap.shared())) {
                rows.put(older.memoryId(), new SalienceRow(older.memoryId(), older.sequence(), older.base(),
                        older.lastTurn(), older.reason(), n.message().id(), n.turn()));
                superseded.add(older.memoryId());
                if (result.base() <= effective) {
                    double raised = Math.min(1.0, effective + boost);
                    result = new SalienceRow(result.memoryId(), result.sequence(), raised, result.lastTurn(),
                            result.reason() + "; starts above the memory it may supersede (" + older.memoryId() + ")",
                            null, null);
                }
            }
            else if (older.supersededBy() == null) {
                double reinforced = Decay.reinforced(older.base(), ratio, older.lastTurn(), n.turn(), boost);
                rows.put(older.memoryId(), new SalienceRow(older.memoryId(), older.sequence(), reinforced, n.turn(),
                        "'" + overlap.shared().get(0) + "' mentioned again at turn " + n.turn(), null, null));
            }
            // a superseded memory is not reinforced by later mentions of its subject: the
            // newer
            // value should rank first, the older one stays retrievable
        }
        return result;
    }

    /**
     * Reinforces the memories a reply recalled (the evidence's memory and message ids),
     * and returns the conversation's most salient memories as the reinforcement left
     * them, read with the recalled rows in one statement: a row outside the top before it
     * stays below the top unless it was reinforced, and those are all at hand.
     * @param turn the turn clock, as the append of the reply returned it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<SalientMemory> recalled(UUID conversationUid, Collection<UUID> ids, long turn) {
        double ratio = this.properties.salienceDecay();
        SalienceStore.RecalledAndTop read = this.store.recalledAndTop(conversationUid, new LinkedHashSet<>(ids),
                SALIENT_TOP);
        List<SalienceRow> rows = new ArrayList<>();
        for (SalienceRow row : read.recalled()) {
            rows.add(new SalienceRow(row.memoryId(), row.sequence(),
                    Decay.reinforced(row.base(), ratio, row.lastTurn(), turn, this.properties.salienceBoost()), turn,
                    "recalled at turn " + turn, row.supersededBy(), row.supersededTurn(), row.pinned()));
        }
        if (!rows.isEmpty()) {
            this.store.upsert(conversationUid, rows, ratio);
        }
        // the reinforced rows come last: the last row of a memory wins
        List<SalienceRow> after = new ArrayList<>(read.top());
        after.addAll(rows);
        return top(byEffective(after, turn), turn);
    }

    /**
     * Re-weights an assistant message's key phrases by the LLM's surprise (mean −logprob
     * of the phrase's tokens) instead of the unigram model, when the provider returned
     * logprobs.
     * @param turn the turn clock, as the append of the message returned it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void weighByLogprobs(UUID conversationUid, StoredMessage message, List<TokenLogprob> logprobs, long turn) {
        List<KeyPhrase> phrases = KeyPhraseExtractor.rankByLogprobs(message.content(), logprobs);
        if (phrases.isEmpty()) {
            return;
        }
        this.store.deletePhrases(message.id());
        List<SalienceStore.PhraseRow> rows = new ArrayList<>();
        for (KeyPhrase p : phrases) {
            rows.add(new SalienceStore.PhraseRow(message.id(), message.sequence(), p.phrase(), p.weight()));
        }
        this.store.insertPhrases(conversationUid, rows);
        double base = normalised(phrases, LOGPROB_SCALE);
        this.store.upsert(conversationUid,
                List.of(new SalienceRow(message.id(), message.sequence(), base, turn,
                        "key phrases " + describe(phrases)
                                + " weighted by the LLM's token logprobs (mean -logprob) at turn " + turn,
                        null, null)),
                this.properties.salienceDecay());
    }

    /**
     * The most salient memories older than {@code beforeSequence}, with their salience at
     * the current turn.
     */
    @Transactional(readOnly = true)
    public List<SalientMemory> salient(UUID conversationUid, long beforeSequence, long turn) {
        return ranked(conversationUid, beforeSequence, SALIENT_TOP, turn).stream()
            .map(r -> new SalientMemory(r.memoryId(), effective(r, turn)))
            .toList();
    }

    /**
     * The most salient memories of a conversation now, as {@link #salient} at its current
     * turn, read in one statement; empty when the tenant has no such conversation.
     */
    public Optional<List<SalientMemory>> salientNow(String tenantId, String conversationId) {
        return now(tenantId, conversationId).map(SalientNow::salient);
    }

    /**
     * {@link #salientNow} with the clocks it was read at, in the same statement.
     */
    public Optional<SalientNow> now(String tenantId, String conversationId) {
        return this.store.ranked(tenantId, conversationId, SALIENT_TOP)
            .map(ranked -> new SalientNow(ranked.head(), ranked.edits(),
                    top(byEffective(ranked.rows(), ranked.turn()), ranked.turn())));
    }

    /**
     * @param sequence the conversation's stream head
     * @param edits its edit clock
     * @param salient its most salient memories, highest first
     */
    public record SalientNow(long sequence, long edits, List<SalientMemory> salient) {
    }

    private List<SalientMemory> top(List<SalienceRow> byEffective, long turn) {
        return byEffective.stream()
            .limit(SALIENT_TOP)
            .map(r -> new SalientMemory(r.memoryId(), effective(r, turn)))
            .toList();
    }

    /**
     * The rank_key index's top rows and the pinned ones, in order of effective salience
     * at {@code turn} (a pinned memory held at the floor).
     */
    private List<SalienceRow> ranked(UUID conversationUid, long beforeSequence, int limit, long turn) {
        return byEffective(this.store.topAndPinned(conversationUid, beforeSequence, limit), turn).stream()
            .limit(limit)
            .toList();
    }

    /**
     * Distinct memories (the last row of a memory wins), highest effective salience at
     * {@code turn} first, the more recent first among equals: the same list from every
     * read, whatever order the rows came in.
     */
    private List<SalienceRow> byEffective(Collection<SalienceRow> rows, long turn) {
        Map<UUID, SalienceRow> distinct = new LinkedHashMap<>();
        rows.forEach(r -> distinct.put(r.memoryId(), r));
        return distinct.values()
            .stream()
            .sorted(Comparator.comparingDouble((SalienceRow r) -> effective(r, turn))
                .thenComparingLong(SalienceRow::sequence)
                .reversed())
            .toList();
    }

    /**
     * base · ratio^(turn − lastTurn), never below the pin floor for a pinned memory.
     */
    double effective(SalienceRow row, long turn) {
        double decayed = Decay.effective(row.base(), this.properties.salienceDecay(), row.lastTurn(), turn);
        return row.pinned() ? Math.max(decayed, this.properties.pinnedSalienceFloor()) : decayed;
    }

    /**
     * Pins or unpins one memory of the conversation (a turn: its message id).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void pin(UUID conversationUid, UUID memoryId, long sequence, boolean pinned) {
        this.store.pin(conversationUid, memoryId, sequence, pinned, this.store.turn(conversationUid),
                this.properties.salienceDecay());
    }

    /**
     * A memory's stored salience and its effective value now; empty when it has none.
     */
    public Optional<Scored> scored(UUID conversationUid, UUID memoryId) {
        long turn = this.store.turn(conversationUid);
        return this.store.find(conversationUid, List.of(memoryId))
            .stream()
            .findFirst()
            .map(r -> new Scored(r, effective(r, turn), this.properties.salienceDecay(), turn, List.of()));
    }

    /**
     * Replaces a corrected message's key phrases with those of its new text (weighed by
     * the tenant's unigram model as it is; the model keeps the old text's counts), and
     * returns them, most informative first. Its salience and pin are left as they are.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<KeyPhrase> corrected(Conversation conversation, StoredMessage message) {
        this.store.deletePhrases(message.id());
        if (message.quotesMemories()) {
            return List.of();
        }
        UnigramModel model = this.terms.model(conversation.tenantId(), Terms.of(message.content()));
        List<KeyPhrase> phrases = KeyPhraseExtractor.rank(message.content(), model);
        List<SalienceStore.PhraseRow> rows = new ArrayList<>();
        for (KeyPhrase p : phrases) {
            rows.add(new SalienceStore.PhraseRow(message.id(), message.sequence(), p.phrase(), p.weight()));
        }
        this.store.insertPhrases(conversation.uid(), rows);
        return phrases;
    }

    /** The memories a turn marked "possibly superseded", for its index entry. */
    public List<UUID> supersededBy(UUID conversationUid, UUID memoryId) {
        return this.store.supersededBy(conversationUid, memoryId);
    }

    /** Archived memories for the view: most salient first, with key phrases. */
    @Transactional(readOnly = true)
    public List<Scored> archived(UUID conversationUid, long beforeSequence, int limit) {
        long turn = this.store.turn(conversationUid);
        double ratio = this.properties.salienceDecay();
        List<SalienceRow> rows = ranked(conversationUid, beforeSequence, limit, turn);
        Map<UUID, List<KeyPhrase>> phrases = this.store.phrases(rows.stream().map(SalienceRow::memoryId).toList());
        return rows.stream()
            .map(r -> new Scored(r, effective(r, turn), ratio, turn, phrases.getOrDefault(r.memoryId(), List.of())))
            .toList();
    }

    /** A memory's salience as shown in the view. */
    public record Scored(SalienceRow row, double salience, double decayRatio, long currentTurn,
            List<KeyPhrase> keyPhrases) {
    }

    public String tenantOf(UUID conversationUid) {
        return this.store.tenant(conversationUid);
    }

    public long turn(UUID conversationUid) {
        return this.store.turn(conversationUid);
    }

    public List<KeyPhrase> phrasesOf(UUID memoryId) {
        return this.store.phrases(memoryId);
    }

    /**
     * Whether any memory older than {@code beforeSequence} carries one of these phrases.
     */
    public boolean archiveMentions(UUID conversationUid, Collection<String> phrases, long beforeSequence) {
        return this.store.anyMention(conversationUid, phrases, beforeSequence);
    }

    /** Takes an erased conversation's words out of its tenant's unigram model. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(String tenantId, UUID conversationUid) {
        this.terms.subtract(tenantId, conversationUid);
    }

    /** The model for a text's terms (summaries rank sentences by it). */
    @Transactional(readOnly = true)
    public UnigramModel model(String tenantId, Collection<String> texts) {
        Set<String> all = new LinkedHashSet<>();
        for (String text : texts) {
            all.addAll(Terms.of(text));
        }
        return this.terms.model(tenantId, all);
    }

    /**
     * A knowledge update restates an older statement: at least two of its rare key
     * phrases and at least half of them are the older one's, and it adds at least one of
     * its own. Two long turns that merely share a topic share a smaller part of their
     * phrases.
     */
    static boolean restates(List<String> mine, List<String> shared) {
        return shared.size() >= 2 && shared.size() * 2 >= mine.size() && mine.size() > shared.size();
    }

    private static boolean rare(String phrase, UnigramModel model) {
        for (String word : phrase.split(" ")) {
            if (model.counts().getOrDefault(word, 0L) > MENTION_MAX_COUNT) {
                return false;
            }
        }
        return true;
    }

    /** Mean weight of the phrases over the scale, in [0, 1]. */
    static double normalised(List<KeyPhrase> phrases, double scale) {
        if (phrases.isEmpty() || scale <= 0) {
            return 0;
        }
        double mean = phrases.stream().mapToDouble(KeyPhrase::weight).average().orElse(0);
        return Math.max(0, Math.min(1, mean / scale));
    }

    private static String describe(List<KeyPhrase> phrases) {
        return phrases.stream()
            .limit(3)
            .map(p -> "'" + p.phrase() + "' (" + String.format(Locale.ROOT, "%.2f", p.weight()) + ")")
            .collect(Collectors.joining(", "));
    }

}
