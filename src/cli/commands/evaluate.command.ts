/**
 * `marquee evaluate`: cross-validates one or more algorithms on a ratings file, read straight from
 * the file (no database), like Surprise's `cross_validate`. Prints a table, or with `--json` one JSON
 * object per algorithm per line (the benchmarks read those).
 *
 * `--param key=value` applies to every chosen algorithm that has that parameter, and must apply to
 * at least one. `--seed` seeds the folds and is the `random_state` of every algorithm that takes one
 * and was not given it, so that a run repeats to the last digit. The rating scale is the range of
 * the file's ratings: 1–5 for ml-100k and ml-1m, 0.5–5 for the CSV releases, as Surprise is told.
 *
 * Bad arguments fail with status 400 (exit code 2 in main.ts) and a message naming the option.
 */
import { availableParallelism } from 'node:os';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { canonicalName, createAlgorithm, defaultParams, parseParams, splitAssignment, type AlgoSpec } from '../../engine/algorithms.ts';
import { normalizeMeasure } from '../../engine/model-selection/measures.ts';
import { crossValidate } from '../../engine/model-selection/validation.ts';
import type { Params } from '../../engine/prediction-algorithms/algo-base.ts';
import type { RatingArrays, RatingScale } from '../../engine/trainset.ts';
import { DatasetNotFoundError } from '../../data/movielens/errors.ts';
import { readRatingsFile, type RatingsFileFormat } from '../../data/movielens/read-ratings-file.ts';
import { formatJsonLine, formatTableHeader, formatTableRow } from './evaluate-report.ts';

const FORMATS: RatingsFileFormat[] = ['auto', 'csv', 'ml-100k', 'ml-1m'];

interface EvaluateOptions {
  data: string;
  format: RatingsFileFormat;
  algo: string;
  param: string[];
  folds: number;
  seed: number;
  jobs: number;
  measures: string;
  threshold: number;
  json?: boolean;
}

/** A bad argument: main.ts prints the message alone and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly status = 400;
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description("cross-validate algorithms on a ratings file, like Surprise's cross_validate")
    .requiredOption('--data <path>', 'ratings file (ratings.csv, u.data, ratings.dat, optionally .gz) or a data set directory')
    .addOption(new Option('--format <format>', 'file format').choices(FORMATS).default('auto'))
    .requiredOption('--algo <names>', 'comma-separated Surprise names, any case: svd, svdpp, nmf, slopeone, knnbasic, ...')
    .option('--param <key=value...>', 'hyperparameter in Surprise naming, e.g. n_factors=50 sim=pearson_baseline user_based=false', [])
    .option('--folds <k>', 'number of folds', integerAtLeast(2), 5)
    .option('--seed <s>', 'seed of the folds and default random_state', integerAtLeast(0), 0)
    .addOption(
      new Option('--jobs <n>', 'threads computing folds, this one included (1 = no worker threads)')
        .argParser(integerAtLeast(1))
        // Described rather than shown: help would otherwise print this machine's core count as if fixed.
        .default(availableParallelism(), 'the number of CPU cores'),
    )
    .option('--measures <list>', 'comma-separated: rmse, mae, mse, fcp, precision@k, recall@k, ndcg@k, map@k, hit_rate@k', 'rmse,mae')
    .option('--threshold <rating>', 'relevance threshold of the ranking measures', finiteNumber, 3.5)
    .option('--json', 'print one JSON object per algorithm per line')
    .action((options: EvaluateOptions) => evaluate(options));
}

async function evaluate(options: EvaluateOptions): Promise<void> {
  const measures = usage('--measures', () => options.measures.split(',').map(normalizeMeasure));
  const specs = await resolveSpecs(options);
  const data = await readData(options);
  if (data.ratings.length < options.folds) {
    throw new UsageError(`--folds: ${options.folds} folds need at least as many ratings; ${options.data} has ${data.ratings.length}`);
  }
  const scale = ratingScaleOf(data);
  if (!options.json) console.log(formatTableHeader(measures));
  for (const { spec, params } of specs) {
    const result = await crossValidate(spec, data, scale, {
      cv: options.folds,
      seed: options.seed,
      jobs: options.jobs,
      measures,
      threshold: options.threshold,
    });
    const resources = process.resourceUsage();
    const row = {
      algo: spec.algo,
      params,
      result,
      peakRssMb: resources.maxRSS / 1024,
      cpuS: (resources.userCPUTime + resources.systemCPUTime) / 1e6,
    };
    console.log(options.json ? formatJsonLine(row, measures) : formatTableRow(row, measures));
  }
}

/** Each algorithm with the `--param`s it takes, checked by building it once. */
async function resolveSpecs(options: EvaluateOptions): Promise<{ spec: AlgoSpec; params: Params }[]> {
  const names = options.algo.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--algo: name at least one algorithm');
  const chosen = await Promise.all(
    names.map(async (name) => {
      const algo = usage('--algo', () => canonicalName(name));
      return { algo, defaults: await defaultParams({ algo }), params: {} as Params };
    }),
  );
  for (const assignment of options.param) {
    const key = usage('--param', () => splitAssignment(assignment)[0]);
    const takers = chosen.filter((c) => Object.hasOwn(c.defaults, key));
    if (takers.length === 0) {
      const known = chosen.map((c) => `${c.algo}: ${Object.keys(c.defaults).join(', ') || 'none'}`).join('; ');
      throw new UsageError(`--param ${assignment}: no chosen algorithm has a parameter "${key}" (${known})`);
    }
    for (const c of takers) Object.assign(c.params, usage('--param', () => parseParams(c.algo, c.defaults, [assignment])));
  }
  return Promise.all(
    chosen.map(async ({ algo, defaults, params }) => {
      if (Object.hasOwn(defaults, 'random_state') && !Object.hasOwn(params, 'random_state')) params.random_state = options.seed;
      const spec = { algo, params };
      const built = await createAlgorithm(spec).catch((error: Error) => {
        throw new UsageError(`--param: ${error.message}`);
      });
      return { spec, params: { ...built.params } };
    }),
  );
}

async function readData(options: EvaluateOptions): Promise<RatingArrays> {
  try {
    return await readRatingsFile(options.data, options.format);
  } catch (error) {
    if (error instanceof DatasetNotFoundError) throw new UsageError(`--data: ${error.message}`);
    throw error;
  }
}

function ratingScaleOf(data: RatingArrays): RatingScale {
  let min = Infinity;
  let max = -Infinity;
  const { ratings } = data;
  for (let k = 0; k < ratings.length; k++) {
    const r = ratings[k];
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return { min, max };
}

/** Runs `parse` on an option's value: whatever it rejects is a usage error naming `option`. */
function usage<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${option}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function integerAtLeast(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return value;
  };
}

function finiteNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number');
  return value;
}
