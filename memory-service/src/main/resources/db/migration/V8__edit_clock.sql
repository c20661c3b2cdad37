-- The conversation's edit clock: each correction of a turn's text (PATCH) takes the next number,
-- under the conversation's row lock. Every memory event carries the clock it was built at (a turn
-- the number of its own last correction), so the index can refuse a window or summary built from
-- a turn's text older than its correction without comparing wall clocks across services.
ALTER TABLE conversations ADD COLUMN edits bigint NOT NULL DEFAULT 0;
