-- The memory controller: unigram statistics, key phrases, salience, and the memory bank
-- (windows and summaries). Everything per conversation cascades on its deletion (erasure).

-- the SirLLM turn clock (user turns) and the open segment of the memory bank
ALTER TABLE conversations ADD COLUMN user_turns        bigint NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN segment_start     bigint NOT NULL DEFAULT 1;
ALTER TABLE conversations ADD COLUMN segments_closed   bigint NOT NULL DEFAULT 0;

-- the tenant's unigram model: self-information -log p(term) with add-one smoothing
CREATE TABLE term_counts (
    tenant_id text   NOT NULL,
    term      text   NOT NULL,
    count     bigint NOT NULL,
    PRIMARY KEY (tenant_id, term)
);

CREATE TABLE term_totals (
    tenant_id text   PRIMARY KEY,
    total     bigint NOT NULL,
    distinct_terms bigint NOT NULL
);

-- each conversation's share of its tenant's counts, so erasing it takes its words out of the model
CREATE TABLE conversation_terms (
    conversation_uid uuid   NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    term             text   NOT NULL,
    count            bigint NOT NULL,
    PRIMARY KEY (conversation_uid, term)
);

-- memories other than single turns (those are the messages themselves)
CREATE TABLE memories (
    id               uuid        PRIMARY KEY,
    conversation_uid uuid        NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    kind             text        NOT NULL CHECK (kind IN ('window', 'summary')),
    level            text,
    text             text        NOT NULL,
    first_sequence   bigint      NOT NULL,
    last_sequence    bigint      NOT NULL,
    message_ids      uuid[]      NOT NULL,
    external_ids     text[]      NOT NULL,
    created_at       timestamptz NOT NULL,
    token_count      int         NOT NULL,
    generated_by     text        NOT NULL DEFAULT 'extractive'
);
CREATE INDEX memories_conversation_kind ON memories (conversation_uid, kind, last_sequence);

CREATE TABLE memory_key_phrases (
    conversation_uid uuid             NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    memory_id        uuid             NOT NULL,
    sequence         bigint           NOT NULL,
    phrase           text             NOT NULL,
    weight           double precision NOT NULL,
    PRIMARY KEY (memory_id, phrase)
);
CREATE INDEX memory_key_phrases_lookup ON memory_key_phrases (conversation_uid, phrase, sequence DESC);

-- effective salience at turn t = base * ratio^(t - last_turn), computed lazily; rank_key =
-- ln(base) - last_turn * ln(ratio) orders memories exactly as the effective salience does at any t
CREATE TABLE memory_salience (
    memory_id        uuid             PRIMARY KEY,
    conversation_uid uuid             NOT NULL REFERENCES conversations (uid) ON DELETE CASCADE,
    sequence         bigint           NOT NULL,
    base             double precision NOT NULL,
    last_turn        bigint           NOT NULL,
    rank_key         double precision NOT NULL,
    reason           text             NOT NULL,
    superseded_by    uuid,
    superseded_turn  bigint
);
CREATE INDEX memory_salience_rank ON memory_salience (conversation_uid, rank_key DESC);
