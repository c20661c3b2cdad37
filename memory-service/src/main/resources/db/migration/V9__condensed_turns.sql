-- A long turn's extractive summary as flash memory shows it (RecallPlanner), made by the first
-- turn whose plan needs it and read with the message by the next ones, instead of made again at
-- every turn while the turn is among the recent ones. condensed_for is the token limit it was made
-- for: another limit (SKEIN_SUMMARIZE_TURN_TOKENS) makes it again. A correction of the message's
-- text clears both.
ALTER TABLE messages ADD COLUMN condensed text, ADD COLUMN condensed_for integer;
