-- Key phrases of a turn (extra index keys, LongMemEval's key expansion) and the older memories a
-- turn restates with something new (knowledge updates: the search ranks the newer one above them).
ALTER TABLE memory_chunks ADD COLUMN key_phrases text[] NOT NULL DEFAULT '{}';
ALTER TABLE memory_chunks ADD COLUMN supersedes uuid[] NOT NULL DEFAULT '{}';

-- Few turns supersede anything: a partial index finds them per conversation without a scan.
CREATE INDEX memory_chunks_supersedes_idx ON memory_chunks (tenant_id, conversation_id)
    WHERE cardinality(supersedes) > 0;
