/**
 * `marquee train`: the training pipeline in the foreground, as the same kind of job `POST /training/`
 * starts (recorded in training_jobs, so a server sharing the database sees it and refuses a second
 * one). A progress bar on a terminal, one line per step otherwise (on stderr); the outcome on
 * stdout, or with `--json` the job exactly as `GET /training/jobs/{id}` shows it.
 *
 * Exit codes: 0 the job succeeded (promoted or rejected); 1 it failed; 2 bad settings or options;
 * 3 another training job is running.
 */
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { TrainingJobConflictError } from '../../pipeline/errors.ts';
import type { TrainingJobView } from '../../pipeline/jobs/job-view.ts';
import type { TrainingOverrides } from '../../pipeline/training.config.ts';
import type { TrainingEvent } from '../../pipeline/training.pipeline.ts';

interface TrainOptions {
  json?: boolean;
  force?: boolean;
  sample?: number;
  minUserRatings?: number;
  minMovieRatings?: number;
  from?: string;
  to?: string;
  margin?: number;
  candidates?: unknown[];
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train: cross-validate the candidates, compare the best with the champion, promote if better')
    .option('--force', 'promote the best candidate even if it does not beat the champion')
    .option('--json', 'print the finished job as one JSON object')
    .option('--sample <n>', 'train on a seeded sample: a fraction in (0, 1) or a count of ratings', number)
    .option('--min-user-ratings <n>', 'keep users with at least n ratings', number)
    .option('--min-movie-ratings <n>', 'keep movies with at least n ratings', number)
    .option('--from <date>', 'ratings at or after this ISO 8601 date')
    .option('--to <date>', 'ratings before this ISO 8601 date')
    .option('--margin <rmse>', 'holdout RMSE improvement over the champion needed to promote', number)
    .option('--candidates <json>', 'candidates as a JSON array, e.g. \'[{"algo":"SVD","params":{"n_factors":50}}]\'', json)
    .action(async (options: TrainOptions) => {
      process.exitCode = await train(options);
    });
}

async function train(options: TrainOptions): Promise<number> {
  // Loaded here, not at the top: every other command (and --help) starts without them.
  const [{ loadConfig }, { openStandaloneRuntime }] = await Promise.all([import('../../config.ts'), import('../../pipeline/standalone-runtime.ts')]);
  const runtime = await openStandaloneRuntime(loadConfig());
  const progress = trainingProgress(process.stderr);
  const interrupt = () => void runtime.training.close().then(() => process.exit(1));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    let started;
    try {
      started = await runtime.training.jobs.start({ trigger: 'cli', force: options.force, overrides: overridesOf(options), onEvent: progress.onEvent });
    } catch (error) {
      if (!(error instanceof TrainingJobConflictError)) throw error;
      console.error(`marquee train: ${error.message}`);
      return 3;
    }
    const end = await started.done;
    progress.stop();
    if (!end.job) throw new Error(`training job ${started.jobId} ended but its record cannot be read: ${end.error ?? 'unknown error'}`);
    console.log(options.json ? JSON.stringify(end.job) : formatJob(end.job));
    return end.job.state === 'succeeded' ? 0 : 1;
  } finally {
    progress.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await runtime.close();
  }
}

function overridesOf(o: TrainOptions): TrainingOverrides | undefined {
  const filters = Object.fromEntries(
    Object.entries({ sample: o.sample, min_user_ratings: o.minUserRatings, min_movie_ratings: o.minMovieRatings, from: o.from, to: o.to }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const overrides: Record<string, unknown> = {};
  if (Object.keys(filters).length > 0) overrides.filters = filters;
  if (o.margin !== undefined) overrides.margin = o.margin;
  if (o.candidates !== undefined) overrides.candidates = o.candidates;
  return Object.keys(overrides).length > 0 ? (overrides as TrainingOverrides) : undefined;
}

/** A bar on a terminal; elsewhere one line per step, which logs and tests can follow. */
function trainingProgress(stream: NodeJS.WriteStream): { onEvent(event: TrainingEvent): void; stop(): void } {
  if (!stream.isTTY) {
    return {
      onEvent: (e) => {
        if (e.type === 'step') stream.write(`[${String(e.progress).padStart(3)}%] ${e.step}: ${e.message}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'training |{bar}| {percentage}% | {duration_formatted} | {message}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { message: 'starting' });
  return {
    onEvent: (e) => {
      if (e.type === 'step') bar.update(e.progress, { message: e.message });
    },
    stop: () => bar.stop(),
  };
}

export function formatJob(job: TrainingJobView): string {
  const lines = [`training job ${job.job_id}: ${job.state}${job.run_id ? ` (MLflow run ${job.run_id})` : ''}`];
  if (job.candidates.length > 0) {
    lines.push(`  ${'candidate'.padEnd(16)} ${'RMSE'.padStart(7)} ${'MAE'.padStart(7)} ${'P@10'.padStart(7)} ${'NDCG@10'.padStart(7)} ${'fit s'.padStart(7)}`);
    for (const c of job.candidates) {
      const f = (x: number) => x.toFixed(4).padStart(7);
      lines.push(`  ${c.name.padEnd(16)} ${f(c.rmse)} ${f(c.mae)} ${f(c.precision_at_10)} ${f(c.ndcg_at_10)} ${c.fit_seconds.toFixed(2).padStart(7)}`);
    }
  }
  if (job.decision) lines.push(`${job.decision}${job.model ? ` ${job.model.name} v${job.model.version}` : ''}: ${job.reason}`);
  if (job.error) lines.push(`error: ${job.error}`);
  return lines.join('\n');
}

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

function json(value: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON array of candidates');
  return parsed;
}
