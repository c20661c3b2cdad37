-- Long-form writing jobs. A job and its plan are stored before any section is written, and each
-- section is committed as soon as it is finished, so an interrupted job resumes from its finished
-- sections (WritingJobRunner.resumeUnfinished).

CREATE TABLE writing_jobs (
    job_id          uuid PRIMARY KEY,
    tenant_id       text        NOT NULL,
    conversation_id text        NOT NULL,
    instruction     text        NOT NULL,
    target_words    integer     NOT NULL,
    -- accepted | planning | writing | reviewing | completed | failed
    status          text        NOT NULL,
    -- llm | fallback (the model's plan was unusable)
    plan_source     text,
    plan_note       text,
    actual_words    integer,
    text            text,
    failure         text,
    -- set when the memory context could not be fetched for some section
    memory_note     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz
);

CREATE INDEX writing_jobs_conversation ON writing_jobs (tenant_id, conversation_id);
CREATE INDEX writing_jobs_unfinished ON writing_jobs (created_at) WHERE status NOT IN ('completed', 'failed');

CREATE TABLE writing_sections (
    job_id        uuid    NOT NULL REFERENCES writing_jobs (job_id) ON DELETE CASCADE,
    position      integer NOT NULL,
    title         text    NOT NULL,
    brief         text    NOT NULL,
    target_words  integer NOT NULL,
    -- pending | writing | written
    status        text    NOT NULL,
    text          text,
    actual_words  integer,
    -- [{attempt, words, verdict}] in order
    reviews       jsonb   NOT NULL DEFAULT '[]',
    memories_used integer,
    PRIMARY KEY (job_id, position)
);
