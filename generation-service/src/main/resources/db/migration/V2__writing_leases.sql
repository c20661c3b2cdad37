-- Job ownership across instances, retries of transient failures, and erasure tombstones.
--
-- A job is run only by the instance that holds its lease: `owner` (a random id per process) and
-- `lease_until`, claimed with one conditional UPDATE and renewed while the job runs. A lease that
-- runs out (its instance died) is claimed by another instance's sweep; an instance that lost its
-- lease finds 0 rows at its next write and stops.
ALTER TABLE writing_jobs
    ADD COLUMN owner           uuid,
    ADD COLUMN lease_until     timestamptz,
    -- runs that ended in a transient failure (the LLM down, a breaker open, a database error)
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    -- the sweep does not claim the job before this (backoff after a failed run)
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN last_error      text,
    -- the WritingRequested's occurredAt: compared with an erasure's, since the two topics have no common order
    ADD COLUMN requested_at    timestamptz NOT NULL DEFAULT now();

UPDATE writing_jobs SET requested_at = created_at;

-- what the sweep looks for: unfinished jobs, by lease expiry
CREATE INDEX writing_jobs_claimable ON writing_jobs (lease_until) WHERE status NOT IN ('completed', 'failed');

-- Erased conversations: a WritingRequested that occurred at or before the erasure (and arrives after
-- it) is dropped, and an erasure deletes only the jobs requested at or before it, not those of a new
-- conversation that reuses the id. erased_at is the ConversationErased's occurredAt (the latest one).
CREATE TABLE erased_conversations (
    tenant_id       text        NOT NULL,
    conversation_id text        NOT NULL,
    erased_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);

-- V1 is left as it is (editing an applied migration changes its checksum and stops Flyway at start-up), so
-- two corrections to its comments are here: writing_sections.reviews holds {draft, words, verdict}, not
-- "attempt"; and unfinished jobs are taken up by WritingJobRunner.sweep (it was resumeUnfinished).
COMMENT ON COLUMN writing_sections.reviews IS 'every length review of the section in order: [{draft, words, verdict}]';
