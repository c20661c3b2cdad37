-- A chunk's row is just over PostgreSQL's 2 kB TOAST threshold (the 1,536-byte embedding is kept
-- inline, see V1), so the tsvector went out of line: every search then fetched it from the TOAST
-- table for each row of the conversation (measured: 160 ms for 15,000 rows against 18 ms inline).
-- MAIN keeps it inline, compressed; the text, which a search reads only for its results, moves out
-- instead. Rows written before this migration keep their layout until they are rewritten.
ALTER TABLE memory_chunks ALTER COLUMN tsv SET STORAGE MAIN;
