-- A completed text is appended to its conversation through the memory-service's import before the job
-- is marked completed: the instruction as a user message, each section as an assistant message.

-- when that import succeeded (the time its messages carry; the job's completed_at is set to it). A job
-- resumed after a crash between the import and its completion does not import again.
ALTER TABLE writing_jobs ADD COLUMN stored_in_conversation_at timestamptz;

-- the LLM that wrote the section's kept text (llm:<model>@<host>), for the metadata of its message;
-- null for sections written before this column existed
ALTER TABLE writing_sections ADD COLUMN generated_by text;
