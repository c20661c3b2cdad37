-- A short user statement that names a value, embedded bare (no speaker, no previous turn, no key
-- phrases): knowledge updates by meaning compare statements with each other, and the search
-- embedding's context would make two statements of one session alike and two sessions apart not.
-- Null for every other memory. Searched per conversation through the B-tree, like the rest.
ALTER TABLE memory_chunks ADD COLUMN statement_embedding vector(384);
