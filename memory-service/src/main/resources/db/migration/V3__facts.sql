-- Facts the LLM extracted from a window (SKEIN_FACTS_VIA_LLM): extra index keys pointing to the
-- window's turns (LongMemEval's fact-augmented key expansion).
ALTER TABLE memories DROP CONSTRAINT memories_kind_check;
ALTER TABLE memories ADD CONSTRAINT memories_kind_check CHECK (kind IN ('window', 'summary', 'fact'));
