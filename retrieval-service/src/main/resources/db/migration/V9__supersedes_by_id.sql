-- A search follows knowledge updates: "which turns supersede these memories?" (MemorySearch.UPDATES).
-- The B-tree of V3 found them by conversation, so every look-up read all of the conversation's
-- superseding turns and filtered them: 379 rows and 1.5-1.9 ms in a 1,000-turn conversation, ten
-- times that at 10,000 turns, up to three times a search. Memory ids are unique, so an inverted
-- index on the array answers by the ids themselves, whatever the conversation's size.
SET LOCAL search_path = retrieval, public;

CREATE INDEX memory_chunks_supersedes_gin_idx ON memory_chunks USING gin (supersedes)
    WHERE cardinality(supersedes) > 0;
DROP INDEX memory_chunks_supersedes_idx;
