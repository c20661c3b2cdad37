-- The vector extension is created by the set-up step as a superuser (CREATE EXTENSION needs one);
-- its type lives in schema public, so this migration resolves it through the search path.
SET LOCAL search_path = retrieval, public;

-- One row per memory chunk (a turn, a window of turns or a summary), upserted on memory_id.
CREATE TABLE memory_chunks (
    memory_id        uuid PRIMARY KEY,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    conversation_uid uuid        NOT NULL,
    kind             text        NOT NULL,
    role             text,
    speaker          text,
    text             text        NOT NULL,
    external_ids     text[]      NOT NULL DEFAULT '{}',
    message_ids      uuid[]      NOT NULL DEFAULT '{}',
    first_sequence   bigint      NOT NULL,
    last_sequence    bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    token_count      integer     NOT NULL,
    embedding        vector(384) NOT NULL,
    -- Names carry much of the signal of a chat turn, so the speaker is searchable too.
    tsv              tsvector    GENERATED ALWAYS AS
                         (to_tsvector('english', coalesce(speaker, '') || ' ' || text)) STORED,
    indexed_at       timestamptz NOT NULL DEFAULT now()
);

-- The vector is read for every row of a conversation scan: keep it in the row. A row over about
-- 2 KB would otherwise have its largest attribute, the 1.5 KB vector (storage EXTERNAL), moved to
-- the TOAST table, one more index lookup per row; the text and tsvector get compressed instead.
ALTER TABLE memory_chunks ALTER COLUMN embedding SET STORAGE PLAIN;

-- Searches run inside one conversation: this B-tree feeds the exact per-conversation scan,
-- which beats a filtered HNSW search in both latency and recall (see docs).
CREATE INDEX memory_chunks_conversation_idx ON memory_chunks (tenant_id, conversation_id, last_sequence);

-- For searches across a whole tenant (not used inside one conversation).
CREATE INDEX memory_chunks_embedding_idx ON memory_chunks
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);

CREATE INDEX memory_chunks_tsv_idx ON memory_chunks USING gin (tsv);

-- How far the index of one conversation incarnation has got: read-your-writes for searches.
CREATE TABLE index_watermarks (
    conversation_uid uuid PRIMARY KEY,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    last_sequence    bigint      NOT NULL,
    indexed          bigint      NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX index_watermarks_conversation_idx ON index_watermarks (tenant_id, conversation_id);

-- Erased conversation incarnations: index events that arrive after the erasure are dropped.
CREATE TABLE erased_conversations (
    conversation_uid uuid PRIMARY KEY,
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    erased_at        timestamptz NOT NULL DEFAULT now()
);
