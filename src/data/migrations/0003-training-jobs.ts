/**
 * Background training jobs (src/pipeline/jobs). One row per run of the pipeline, whoever started it
 * (`POST /training/` or `marquee train`).
 *
 * At most one job is queued or running at a time, across every Marquee process sharing the database:
 * the partial unique index below makes a second insert fail, so the rule holds without any lock held
 * in application code. `owner` and `heartbeat_at` let the next process tell a job whose process died
 * (it is then marked failed) from one still at work.
 */
export default /* sql */ `
CREATE TABLE training_jobs (
  job_id        text PRIMARY KEY,
  state         text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
  trigger       text NOT NULL CHECK (trigger IN ('api', 'cli')),
  force         boolean NOT NULL DEFAULT false,
  overrides     jsonb NOT NULL DEFAULT '{}',
  step          text NOT NULL DEFAULT 'queued',
  progress      real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  candidates    jsonb NOT NULL DEFAULT '[]',
  decision      text CHECK (decision IN ('promoted', 'rejected')),
  reason        text,
  model_name    text,
  model_version text,
  run_id        text,
  error         text,
  -- host:pid:token of the process running the job; a dead pid on this host means a crashed job.
  owner         text NOT NULL,
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  CHECK ((state IN ('succeeded', 'failed')) = (finished_at IS NOT NULL))
);

-- Every active row has the same key (true), so a second active row is a unique violation.
CREATE UNIQUE INDEX training_jobs_one_active ON training_jobs ((true)) WHERE state IN ('queued', 'running');
CREATE INDEX training_jobs_created_idx ON training_jobs (created_at DESC);
`;
