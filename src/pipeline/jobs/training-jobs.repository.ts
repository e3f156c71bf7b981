/**
 * SQL for the training_jobs table (migration 0003). Every write of a job in progress names its
 * owner and requires the job to be still active: once another process has declared the job dead,
 * the original process's late writes change nothing, and it learns it lost the job.
 */
import type { Queryable } from '../../data/db/database.ts';
import { DatabaseQueryError } from '../../data/db/errors.ts';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** Who started a job: the API, the CLI, the built-in cron, or a scheduled drift check that found drift. */
export type TrainingTrigger = 'api' | 'cli' | 'schedule' | 'drift';

export interface TrainingJobRow {
  job_id: string;
  state: JobState;
  trigger: TrainingTrigger;
  force: boolean;
  overrides: unknown;
  step: string;
  progress: number;
  candidates: unknown[];
  decision: 'promoted' | 'rejected' | null;
  reason: string | null;
  model_name: string | null;
  model_version: string | null;
  run_id: string | null;
  error: string | null;
  owner: string;
  heartbeat_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface NewJob {
  jobId: string;
  trigger: TrainingTrigger;
  force: boolean;
  overrides: unknown;
  owner: string;
}

export interface JobResult {
  decision: 'promoted' | 'rejected';
  reason: string;
  modelName: string;
  modelVersion: string | undefined;
}

const ACTIVE = `state IN ('queued', 'running')`;
const MINE = `job_id = $1 AND owner = $2 AND ${ACTIVE}`;

export class TrainingJobsRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts a queued job; false when another job is already active (the one-active index refused it). */
  async insert(job: NewJob): Promise<boolean> {
    try {
      await this.db.query(
        `INSERT INTO training_jobs (job_id, state, trigger, force, overrides, owner) VALUES ($1, 'queued', $2, $3, $4::jsonb, $5)`,
        [job.jobId, job.trigger, job.force, JSON.stringify(job.overrides ?? {}), job.owner],
      );
      return true;
    } catch (error) {
      if (error instanceof DatabaseQueryError && error.sqlState === '23505' && error.constraint === 'training_jobs_one_active') return false;
      throw error;
    }
  }

  async get(jobId: string): Promise<TrainingJobRow | undefined> {
    return (await this.db.query<TrainingJobRow>('SELECT * FROM training_jobs WHERE job_id = $1', [jobId])).rows[0];
  }

  async latest(): Promise<TrainingJobRow | undefined> {
    return (await this.db.query<TrainingJobRow>('SELECT * FROM training_jobs ORDER BY created_at DESC, job_id LIMIT 1')).rows[0];
  }

  async active(): Promise<TrainingJobRow | undefined> {
    return (await this.db.query<TrainingJobRow>(`SELECT * FROM training_jobs WHERE ${ACTIVE}`)).rows[0];
  }

  async markRunning(jobId: string, owner: string): Promise<boolean> {
    return this.update(`state = 'running', step = 'starting', started_at = now(), heartbeat_at = now()`, jobId, owner);
  }

  /** Records progress and counts as a heartbeat; false when the job is no longer this owner's. */
  async progress(jobId: string, owner: string, step: string, progress: number): Promise<boolean> {
    return this.update('step = $3, progress = $4, heartbeat_at = now()', jobId, owner, [step, progress]);
  }

  async heartbeat(jobId: string, owner: string): Promise<boolean> {
    return this.update('heartbeat_at = now()', jobId, owner);
  }

  async setRun(jobId: string, owner: string, runId: string): Promise<boolean> {
    return this.update('run_id = $3, heartbeat_at = now()', jobId, owner, [runId]);
  }

  async setCandidates(jobId: string, owner: string, candidates: unknown[]): Promise<boolean> {
    return this.update('candidates = $3::jsonb, heartbeat_at = now()', jobId, owner, [JSON.stringify(candidates)]);
  }

  async succeed(jobId: string, owner: string, result: JobResult): Promise<boolean> {
    return this.update(
      `state = 'succeeded', step = 'done', progress = 100, decision = $3, reason = $4, model_name = $5, model_version = $6, finished_at = now(), heartbeat_at = now()`,
      jobId,
      owner,
      [result.decision, result.reason, result.modelName, result.modelVersion ?? null],
    );
  }

  async fail(jobId: string, owner: string, error: string): Promise<boolean> {
    return this.update(`state = 'failed', error = $3, finished_at = now(), heartbeat_at = now()`, jobId, owner, [error]);
  }

  private async update(set: string, jobId: string, owner: string, params: (string | number | null)[] = []): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE training_jobs SET ${set} WHERE ${MINE}`, [jobId, owner, ...params]);
    return rowCount === 1;
  }
}
