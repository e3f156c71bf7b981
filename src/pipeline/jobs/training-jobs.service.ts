/**
 * Training jobs: the pipeline run in the background (`POST /training/`) or the foreground
 * (`marquee train`), recorded in training_jobs so that any process sharing the database can see it.
 *
 * - One job at a time, everywhere: the table's one-active index refuses a second queued/running row,
 *   and the refusal becomes TrainingJobConflictError with the running job's id.
 * - A job whose process died is marked failed by the next process that starts (or triggers
 *   training): same host and its pid is gone, or its heartbeat is older than `staleAfterMs`.
 * - Every write names this process as owner; if another process has meanwhile declared the job dead,
 *   the write matches nothing and the run stops before promoting anything (TrainingJobLostError).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../data/db/database.ts';
import type { MarqueeMetrics } from '../../monitoring/metrics.ts';
import type { MlflowClient } from '../../tracking/mlflow-client.ts';
import type { ChampionEvents } from '../champion-events.ts';
import { TrainingJobConflictError, TrainingJobLostError } from '../errors.ts';
import type { TrainingSettings } from '../training.config.ts';
import { runTrainingPipeline, type TrainingEvent, type TrainingOutcome } from '../training.pipeline.ts';
import { goneReason, newOwner } from './job-owner.ts';
import { candidateView, jobView, type TrainingJobView } from './job-view.ts';
import { TrainingJobsRepository, type TrainingTrigger } from './training-jobs.repository.ts';

export interface TrainingJobsDeps {
  db: Database;
  tracking: MlflowClient;
  /** The settings of one run: the configured ones with that run's overrides (see training.config.ts). */
  settings: (overrides: unknown) => Promise<TrainingSettings>;
  events?: ChampionEvents;
  metrics?: Pick<MarqueeMetrics, 'recordTraining'>;
  /** Default 5 s. */
  heartbeatMs?: number;
  /** A job from another host with no heartbeat for this long is presumed dead. Default 10 minutes. */
  staleAfterMs?: number;
  /** How long `close` waits for a running job to reach its next step and stop. Default 5 s. */
  drainMs?: number;
}

export interface StartRequest {
  trigger: TrainingTrigger;
  force?: boolean;
  /** `{ filters?, candidates?, margin? }` as in a `POST /training/` body. */
  overrides?: unknown;
  /** Progress as it happens (the CLI draws bars from it). */
  onEvent?: (event: TrainingEvent) => void;
}

export interface JobEnd {
  /** The final record; undefined only when it could not be read back (the database went away). */
  job: TrainingJobView | undefined;
  /** What the pipeline decided, when it ran to the end. */
  outcome?: TrainingOutcome;
  /** Why the job failed. */
  error?: string;
}

export interface StartedJob {
  jobId: string;
  /** Settles when the job ends; it never rejects. */
  done: Promise<JobEnd>;
}

export class TrainingJobs {
  private readonly repository: TrainingJobsRepository;
  private readonly owner = newOwner();
  private running: { jobId: string; done: Promise<JobEnd> } | undefined;
  private closing = false;

  private constructor(private readonly deps: TrainingJobsDeps) {
    this.repository = new TrainingJobsRepository(deps.db);
  }

  /** Builds the service and first marks failed the jobs whose process is gone. */
  static async create(deps: TrainingJobsDeps): Promise<TrainingJobs> {
    const jobs = new TrainingJobs(deps);
    await jobs.recover();
    return jobs;
  }

  /** Marks failed every active job whose owner is gone, and its MLflow run FAILED; returns those jobs. */
  async recover(): Promise<TrainingJobView[]> {
    const active = await this.repository.active();
    if (!active || active.owner === this.owner) return [];
    const reason = goneReason(active.owner, active.heartbeat_at, this.deps.staleAfterMs ?? 600_000);
    if (reason === undefined) return [];
    if (!(await this.repository.fail(active.job_id, active.owner, `interrupted: ${reason}`))) return [];
    if (active.run_id) await this.deps.tracking.finishRun(active.run_id, 'FAILED').catch(() => {});
    return [jobView((await this.repository.get(active.job_id))!)];
  }

  /**
   * Checks the settings (TrainingConfigError, before any job exists), records a queued job
   * (TrainingJobConflictError when one is active) and runs it in the background.
   */
  async start(request: StartRequest): Promise<StartedJob> {
    const settings = await this.deps.settings(request.overrides);
    await this.recover();
    const jobId = crypto.randomUUID();
    const job = { jobId, trigger: request.trigger, force: request.force ?? false, overrides: request.overrides ?? {}, owner: this.owner };
    // A refusal whose blocker finished before we could read it is retried once.
    for (let attempt = 0; !(await this.repository.insert(job)); attempt++) {
      const active = await this.repository.active();
      if (active) throw new TrainingJobConflictError(active.job_id);
      if (attempt > 0) throw new TrainingJobConflictError('(unknown)');
    }
    const done = this.execute(jobId, settings, request);
    this.running = { jobId, done };
    return { jobId, done };
  }

  async get(jobId: string): Promise<TrainingJobView | undefined> {
    const row = await this.repository.get(jobId);
    return row && jobView(row);
  }

  async latest(): Promise<TrainingJobView | undefined> {
    const row = await this.repository.latest();
    return row && jobView(row);
  }

  /**
   * Stops taking jobs. A job still running is marked failed now (the process is going away), and
   * its pipeline stops at its next step without promoting anything. That stop is awaited for a
   * while, so the pipeline ends its tracking runs while the database and tracking are still open;
   * a long step (cross-validating a large data set) is not: the next start recovers what it leaves.
   */
  async close(): Promise<void> {
    this.closing = true;
    const running = this.running;
    if (!running) return;
    await this.repository.fail(running.jobId, this.owner, 'interrupted: the process shut down before the job finished').catch(() => {});
    // An unref'd timer: it never keeps the process alive after the job has stopped.
    await Promise.race([running.done, sleep(this.deps.drainMs ?? 5_000, undefined, { ref: false })]);
  }

  private async execute(jobId: string, settings: TrainingSettings, request: StartRequest): Promise<JobEnd> {
    const started = performance.now();
    let lost = false;
    const fence = (stillMine: boolean) => {
      if (!stillMine || lost || this.closing) {
        lost = true;
        throw new TrainingJobLostError(jobId);
      }
    };
    const heartbeat = setInterval(() => {
      this.repository.heartbeat(jobId, this.owner).then(
        (mine) => (lost ||= !mine),
        () => {}, // a missed beat is not fatal; the next write will tell
      );
    }, this.deps.heartbeatMs ?? 5_000);
    heartbeat.unref();
    let outcome: TrainingOutcome | undefined;
    let failure: string | undefined;
    let step = 'starting';
    try {
      fence(await this.repository.markRunning(jobId, this.owner));
      outcome = await runTrainingPipeline(
        { db: this.deps.db, tracking: this.deps.tracking },
        {
          settings,
          force: request.force ?? false,
          trigger: request.trigger,
          jobId,
          onEvent: async (event) => {
            if (event.type === 'step') step = event.step;
            request.onEvent?.(event);
            fence(await this.record(jobId, event));
          },
          checkpoint: async () => fence(await this.repository.heartbeat(jobId, this.owner)),
        },
      );
      // The alias has moved: whatever happens to the job record now, serving must hear of it.
      if (outcome.model) {
        const { name, version, previous } = outcome.model;
        this.deps.events?.notify({ name, version, replaced: previous, cause: 'promoted', jobId });
      }
      await this.repository.succeed(jobId, this.owner, {
        decision: outcome.decision,
        reason: outcome.reason,
        modelName: settings.modelName,
        modelVersion: outcome.model?.version,
      });
      this.deps.metrics?.recordTraining(outcome.decision, (performance.now() - started) / 1000);
    } catch (error) {
      // The step tells where: the message alone may be a server's "internal error".
      failure = `${step} failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.repository.fail(jobId, this.owner, failure).catch(() => {});
      this.deps.metrics?.recordTraining('failed', (performance.now() - started) / 1000);
    } finally {
      clearInterval(heartbeat);
      if (this.running?.jobId === jobId) this.running = undefined;
    }
    const row = await this.repository.get(jobId).catch(() => undefined);
    return { job: row && jobView(row), outcome, error: failure };
  }

  /** Writes what an event tells into the job row; false when the row is no longer this process's. */
  private async record(jobId: string, event: TrainingEvent): Promise<boolean> {
    switch (event.type) {
      case 'run':
        return this.repository.setRun(jobId, this.owner, event.runId);
      case 'step':
        return this.repository.progress(jobId, this.owner, event.step, event.progress);
      case 'candidates':
        return this.repository.setCandidates(jobId, this.owner, event.candidates.map(candidateView));
    }
  }
}
