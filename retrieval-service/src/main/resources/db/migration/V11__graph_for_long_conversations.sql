-- The HNSW graph serves only the dense candidates of conversations over SKEIN_QUANTIZED_SCAN_MAX_ROWS
-- chunks (ConversationRanking); shorter ones are scanned, exactly or by their sign bits. Yet every
-- chunk of every conversation was inserted into the graph: about 1.2 ms of the database's CPU per
-- chunk (447 chunks into a 16,000-row table: 571 ms with the graph, 41 ms without), 90% of an
-- indexing write, paid for search paths that never read it. Now a chunk is in the graph when its
-- conversation is long (in_graph, set by LongConversationGraph); the index is partial.
SET LOCAL search_path = retrieval, public;

ALTER TABLE memory_chunks ADD COLUMN in_graph boolean NOT NULL DEFAULT false;

-- true once every chunk of the conversation is in the graph: only then may a search take its dense
-- candidates from it (until then it scans the sign bits, which serve any length, more slowly)
ALTER TABLE index_watermarks ADD COLUMN in_graph boolean NOT NULL DEFAULT false;

DROP INDEX memory_chunks_embedding_idx;
CREATE INDEX memory_chunks_graph_idx ON memory_chunks USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64) WHERE in_graph;
