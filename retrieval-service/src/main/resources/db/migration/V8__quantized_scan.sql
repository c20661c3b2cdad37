-- A long conversation (over SKEIN_EXACT_SCAN_MAX_ROWS chunks) is not scanned row by row: reading
-- 15,000 rows of about 2 kB each costs more than the 10 ms a search may take. Its dense candidates
-- come from the sign bits of the embedding instead (pgvector's binary_quantize, 48 bytes), compared
-- by Hamming distance in an index-only scan of the conversation's B-tree, then re-ranked exactly.
-- The bits are a stored column because an index cannot include an expression, and the B-tree on
-- the conversation carries them (and the memory id) so that the scan never reads the table.
SET LOCAL search_path = retrieval, public;

ALTER TABLE memory_chunks
    ADD COLUMN embedding_bits bit(384) GENERATED ALWAYS AS (binary_quantize(embedding)::bit(384)) STORED;

-- Replaces the B-tree of V1 (same keys, so every lookup by conversation and sequence still uses it).
CREATE INDEX memory_chunks_conversation_bits_idx ON memory_chunks (tenant_id, conversation_id, last_sequence)
    INCLUDE (memory_id, embedding_bits);
DROP INDEX memory_chunks_conversation_idx;

-- An index-only scan reads the table for every page not yet marked all-visible by a vacuum. The
-- default waits for inserts of 20% of the table, which in a large index leaves a whole imported
-- conversation unvacuumed for long; 1% keeps the visibility map close behind the writes.
ALTER TABLE memory_chunks SET (autovacuum_vacuum_insert_scale_factor = 0.01);
