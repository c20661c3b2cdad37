-- A search follows knowledge updates: "which turns supersede these memories?" (MemorySearch.UPDATES).
-- The B-tree of V3 found them by conversation, so every look-up read all of the conversation's
-- superseding turns and filtered them: 379 rows and 1.5-1.9 ms in a 1,000-turn conversation, ten
-- times that at 10,000 turns, up to three times a search. Memory ids are unique, so an inverted
-- index on the array answers by the ids themselves, whatever the conversation's size.
SET LOCAL search_path = retrieval, public;

-- fastupdate off: a GIN index otherwise keeps new entries in a pending list that every look-up reads
-- in full until a vacuum merges it (measured: 3.8 ms a look-up after 12,800 inserts, 0.4 ms after a
-- VACUUM). Few rows supersede anything, so writing each into the index at once costs little.
CREATE INDEX memory_chunks_supersedes_gin_idx ON memory_chunks USING gin (supersedes) WITH (fastupdate = off)
    WHERE cardinality(supersedes) > 0;
DROP INDEX memory_chunks_supersedes_idx;
