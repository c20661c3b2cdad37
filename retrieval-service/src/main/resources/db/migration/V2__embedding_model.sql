-- Vectors of two embedding models are not comparable: every chunk records the model that embedded
-- it, so that a change of SKEIN_EMBEDDING_MODEL is detected at start-up (it needs a reindex).
-- Chunks indexed before this column existed were embedded with all-MiniLM-L6-v2.
ALTER TABLE memory_chunks ADD COLUMN embedding_model text NOT NULL DEFAULT 'all-minilm-l6-v2';
ALTER TABLE memory_chunks ALTER COLUMN embedding_model DROP DEFAULT;
