/**
 * Marquee's built-in cron: drift checks and retraining on schedules, for deployments without an
 * outside orchestrator. Everything is off unless configured:
 *
 *   DRIFT_SCHEDULE     cron pattern of drift checks, e.g. "0 * * * *" (hourly)
 *   TRAINING_SCHEDULE  cron pattern of training runs, e.g. "0 3 * * 0" (Sundays 03:00)
 *   RETRAIN_ON_DRIFT   true → a scheduled drift check that detects drift starts training
 *
 * Patterns have 5 fields (minute precision) or 6 (seconds first) and run in UTC. A run never
 * overlaps the previous run of its kind: drift checks skip while one runs, training (scheduled or
 * drift-triggered) while one is in progress here, and the job service refuses a second job across
 * processes. Failures are logged, never thrown: a broken database must not take the server down.
 */
import { Cron } from 'croner';
import { DriftInputError } from './drift/drift.errors.ts';

export interface SchedulerSettings {
  driftSchedule: string | undefined;
  trainingSchedule: string | undefined;
  retrainOnDrift: boolean;
}

export interface SchedulerTasks {
  /** Runs one drift check (the default window); resolves with its verdict (null without one). */
  checkDrift(): Promise<{ drift_detected: boolean | null; report_url: string | null }>;
  /** Runs training to its end; resolves with a line for the log. */
  train(reason: 'schedule' | 'drift'): Promise<string>;
}

/** The slice of pino (Fastify's logger) the scheduler writes to. */
export interface SchedulerLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Scheduler {
  /** Next run of each configured schedule. */
  next(): { drift: Date | null; training: Date | null };
  /** What the cron calls, exposed so a run can also be asked for (and tested) without waiting. */
  runDriftCheck(): Promise<void>;
  /** Resolves when the training run (in progress or skipped into) ends; never rejects. */
  runTraining(reason: 'schedule' | 'drift'): Promise<void>;
  /** Stops the timers and waits for a drift check in progress (training belongs to the job service). */
  stop(): Promise<void>;
}

const TIMEZONE = 'Etc/UTC';

export function loadSchedulerSettings(env: Record<string, string | undefined> = process.env): SchedulerSettings {
  const settings = {
    driftSchedule: pattern(env, 'DRIFT_SCHEDULE'),
    trainingSchedule: pattern(env, 'TRAINING_SCHEDULE'),
    retrainOnDrift: flag(env, 'RETRAIN_ON_DRIFT'),
  };
  if (settings.retrainOnDrift && !settings.driftSchedule) {
    throw new DriftInputError('RETRAIN_ON_DRIFT', 'needs DRIFT_SCHEDULE: only scheduled drift checks start training');
  }
  return settings;
}

function pattern(env: Record<string, string | undefined>, name: string): string | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const fields = text.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw new DriftInputError(name, `expected a cron pattern of 5 or 6 fields such as "0 3 * * *", got ${JSON.stringify(text)}`);
  try {
    new Cron(text, { paused: true, timezone: TIMEZONE }).stop();
  } catch (error) {
    throw new DriftInputError(name, `${(error as Error).message} (in ${JSON.stringify(text)})`);
  }
  return text;
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text) return false;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new DriftInputError(name, `expected true, false, 1 or 0, got ${JSON.stringify(env[name])}`);
}

export function startScheduler(settings: SchedulerSettings, tasks: SchedulerTasks, log: SchedulerLog): Scheduler {
  let drift: Promise<void> | undefined;
  let training: Promise<void> | undefined;

  const runTraining = (reason: 'schedule' | 'drift'): Promise<void> => {
    if (training) {
      log.info({ reason }, 'scheduled training skipped: training started here is still running');
      return training;
    }
    training = tasks
      .train(reason)
      .then((outcome) => log.info({ reason, outcome }, 'scheduled training finished'))
      .catch((err: unknown) => log.error({ err, reason }, 'scheduled training failed'))
      .finally(() => (training = undefined));
    return training;
  };

  const runDriftCheck = (): Promise<void> => {
    if (drift) {
      log.info({}, 'scheduled drift check skipped: the previous one is still running');
      return drift;
    }
    drift = tasks
      .checkDrift()
      .then((answer) => {
        log.info({ drift_detected: answer.drift_detected, report_url: answer.report_url }, 'scheduled drift check finished');
        // Not awaited: the check is over, and stopping the server must not wait for a training run.
        if (answer.drift_detected === true && settings.retrainOnDrift) void runTraining('drift');
      })
      .catch((err: unknown) => log.error({ err }, 'scheduled drift check failed'))
      .finally(() => (drift = undefined));
    return drift;
  };

  const options = { timezone: TIMEZONE, unref: true };
  const driftCron = settings.driftSchedule ? new Cron(settings.driftSchedule, options, () => void runDriftCheck()) : undefined;
  const trainingCron = settings.trainingSchedule ? new Cron(settings.trainingSchedule, options, () => void runTraining('schedule')) : undefined;
  const next = () => ({ drift: driftCron?.nextRun() ?? null, training: trainingCron?.nextRun() ?? null });
  if (driftCron || trainingCron) log.info({ ...settings, next: next() }, 'scheduler started');

  return {
    next,
    runDriftCheck,
    runTraining,
    async stop() {
      driftCron?.stop();
      trainingCron?.stop();
      await drift;
    },
  };
}
