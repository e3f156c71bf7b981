/**
 * Marquee's built-in cron: drift checks and retraining on schedules, for deployments without an
 * outside orchestrator. Everything is off unless configured (DRIFT_SCHEDULE, TRAINING_SCHEDULE,
 * RETRAIN_ON_DRIFT: see VARIABLES).
 *
 * Patterns have 5 fields (minute precision) or 6 (seconds first) and run in UTC. A run never
 * overlaps the previous run of its kind: drift checks skip while one runs, training (scheduled or
 * drift-triggered) while one is in progress here, and the job service refuses a second job across
 * processes. Failures are logged, never thrown: a broken database must not take the server down.
 */
import { Cron } from 'croner';
import type { TrainingTrigger } from '../pipeline/jobs/training-jobs.repository.ts';
import { z } from 'zod';
import { readVariable, type Env, type ReadSetting, type SettingGroup, type SettingValue } from '../config/setting.ts';
import { boolean } from '../config/values.ts';
import { DriftInputError } from './drift/drift.errors.ts';

/** The triggers of the training runs the scheduler starts. */
type ScheduledTrigger = Extract<TrainingTrigger, 'schedule' | 'drift'>;

export interface SchedulerSettings {
  driftSchedule: string | undefined;
  trainingSchedule: string | undefined;
  retrainOnDrift: boolean;
}

export interface SchedulerTasks {
  /** Runs one drift check (the default window); resolves with its verdict (null without one). */
  checkDrift(): Promise<{ drift_detected: boolean | null; report_url: string | null }>;
  /** Runs training to its end; resolves with a line for the log. */
  train(reason: ScheduledTrigger): Promise<string>;
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
  runTraining(reason: ScheduledTrigger): Promise<void>;
  /** Stops the timers and waits for a drift check in progress (training belongs to the job service). */
  stop(): Promise<void>;
}

const TIMEZONE = 'Etc/UTC';

/** A pattern croner accepts, checked now so a typo stops the start instead of never firing. */
const cronPattern: SettingValue<string> = {
  accepts: 'cron pattern of 5 fields (minute first) or 6 (second first), in UTC',
  schema: z.string().transform((value, ctx) => {
    const text = value.trim();
    const fields = text.split(/\s+/).length;
    let problem: string | undefined;
    if (fields !== 5 && fields !== 6) problem = `expected a cron pattern of 5 or 6 fields such as "0 3 * * *", got ${JSON.stringify(text)}`;
    else {
      try {
        new Cron(text, { paused: true, timezone: TIMEZONE }).stop();
      } catch (error) {
        problem = `${(error as Error).message} (in ${JSON.stringify(text)})`;
      }
    }
    if (problem === undefined) return text;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }),
};

const VARIABLES = {
  DRIFT_SCHEDULE: { ...cronPattern, description: 'When drift checks run, e.g. `0 * * * *` (hourly); unset → no scheduled checks.' },
  TRAINING_SCHEDULE: { ...cronPattern, description: 'When training runs, e.g. `0 3 * * 0` (Sundays 03:00 UTC); unset → no scheduled training.' },
  RETRAIN_ON_DRIFT: { ...boolean, default: 'false', description: 'A scheduled drift check that finds drift starts training; needs DRIFT_SCHEDULE.' },
} satisfies Record<string, ReadSetting<unknown>>;

export const schedulerGroup: SettingGroup = {
  title: 'Schedules',
  summary:
    'The built-in cron of `marquee start` and `marquee serve`; leave it off when an outside orchestrator (the Airflow DAG in deploy/airflow/dags) calls the API instead. A run never overlaps the previous run of its kind.',
  settings: VARIABLES,
};

export function loadSchedulerSettings(env: Env = process.env): SchedulerSettings {
  const read = <N extends keyof typeof VARIABLES>(name: N) => readVariable(env, VARIABLES, name, (field, message) => new DriftInputError(field, message));
  const settings = {
    driftSchedule: read('DRIFT_SCHEDULE'),
    trainingSchedule: read('TRAINING_SCHEDULE'),
    retrainOnDrift: read('RETRAIN_ON_DRIFT') ?? false,
  };
  if (settings.retrainOnDrift && !settings.driftSchedule) {
    throw new DriftInputError('RETRAIN_ON_DRIFT', 'needs DRIFT_SCHEDULE: only scheduled drift checks start training');
  }
  return settings;
}

export function startScheduler(settings: SchedulerSettings, tasks: SchedulerTasks, log: SchedulerLog): Scheduler {
  let drift: Promise<void> | undefined;
  let training: Promise<void> | undefined;

  const runTraining = (reason: ScheduledTrigger): Promise<void> => {
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
