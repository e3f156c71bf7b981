/**
 * The training pipeline's settings, from (later wins): built-in defaults, the JSON file named by
 * TRAINING_CONFIG, TRAINING_* environment variables, and the overrides of one run (the body of
 * `POST /training/` or `marquee train` options: filters, candidates, margin).
 *
 * The file and the overrides use the same snake_case shape:
 *
 *   { "model_name": "marquee-recommender", "experiment": "marquee-training",
 *     "filters": { "min_user_ratings": 5, "min_movie_ratings": 5, "from": "2015-01-01T00:00:00Z",
 *                  "to": null, "sample": 0.5 },
 *     "candidates": [{ "algo": "SVD", "params": { "n_factors": 50 } }, ...],
 *     "margin": 0.001, "folds": 3, "holdout": 0.2, "seed": 0, "jobs": 2, "reference_sample_size": 10000 }
 *
 * `sample` is a fraction in (0, 1) or a count of ratings, drawn with `seed` after the other filters.
 * `margin`: a new model replaces the champion only when its holdout RMSE is lower by at least this.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_CANDIDATES, candidateSchema, resolveCandidates, type Candidate } from './candidates.ts';
import { TrainingConfigError } from './errors.ts';

export const DEFAULT_MODEL_NAME = 'marquee-recommender';
export const DEFAULT_EXPERIMENT = 'marquee-training';

export interface TrainingFilters {
  minUserRatings: number;
  minMovieRatings: number;
  from?: Date;
  to?: Date;
  /** A fraction of the filtered ratings, or a count. */
  sample?: number;
}

export interface TrainingSettings {
  modelName: string;
  experimentName: string;
  filters: TrainingFilters;
  candidates: Candidate[];
  margin: number;
  folds: number;
  /** Fraction of the ratings held out to compare the best candidate with the champion. */
  holdout: number;
  seed: number;
  /** Threads cross-validating, this one included. */
  jobs: number;
  /** Ratings kept in the reference statistics' sample, for drift tests. */
  referenceSampleSize: number;
}

const instant = z
  .union([z.string().trim(), z.null()])
  .transform((value, ctx) => {
    if (value === null) return undefined;
    const date = new Date(value);
    if (value === '' || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return date;
  });

const filtersSchema = z
  .object({
    min_user_ratings: z.number().int().min(0).max(1_000_000),
    min_movie_ratings: z.number().int().min(0).max(1_000_000),
    from: instant,
    to: instant,
    sample: z
      .number()
      .refine((v) => (v > 0 && v < 1) || (Number.isInteger(v) && v >= 1), 'expected a fraction in (0, 1) or a whole count of ratings ≥ 1')
      .nullable(),
  })
  .strict()
  .partial();

/** What may be given per run. */
export const overridesSchema = z
  .object({
    filters: filtersSchema,
    candidates: z.array(candidateSchema).min(1).max(50),
    margin: z.number().min(0).max(10),
  })
  .strict()
  .partial();

export type TrainingOverrides = z.input<typeof overridesSchema>;

const fileSchema = overridesSchema
  .extend({
    model_name: z.string().trim().min(1).max(200),
    experiment: z.string().trim().min(1).max(200),
    folds: z.number().int().min(2).max(20),
    holdout: z.number().gt(0).lt(1),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    jobs: z.number().int().min(1).max(256),
    reference_sample_size: z.number().int().min(0).max(1_000_000),
  })
  .strict()
  .partial();

type FileSettings = z.output<typeof fileSchema>;

/** Environment variable → where it goes in the file shape, and how its text is read. */
const ENV: Record<string, { path: [string] | ['filters', string]; read: 'number' | 'json' | 'text' }> = {
  MODEL_NAME: { path: ['model_name'], read: 'text' },
  TRAINING_EXPERIMENT: { path: ['experiment'], read: 'text' },
  TRAINING_CANDIDATES: { path: ['candidates'], read: 'json' },
  TRAINING_MARGIN: { path: ['margin'], read: 'number' },
  TRAINING_FOLDS: { path: ['folds'], read: 'number' },
  TRAINING_HOLDOUT: { path: ['holdout'], read: 'number' },
  TRAINING_SEED: { path: ['seed'], read: 'number' },
  TRAINING_JOBS: { path: ['jobs'], read: 'number' },
  TRAINING_REFERENCE_SAMPLE: { path: ['reference_sample_size'], read: 'number' },
  TRAINING_MIN_USER_RATINGS: { path: ['filters', 'min_user_ratings'], read: 'number' },
  TRAINING_MIN_MOVIE_RATINGS: { path: ['filters', 'min_movie_ratings'], read: 'number' },
  TRAINING_FROM: { path: ['filters', 'from'], read: 'text' },
  TRAINING_TO: { path: ['filters', 'to'], read: 'text' },
  TRAINING_SAMPLE: { path: ['filters', 'sample'], read: 'number' },
};

/** The names a docs page or `--help` can list. */
export const trainingEnvironment = ['TRAINING_CONFIG', ...Object.keys(ENV)];

/** Reads and checks the settings; throws TrainingConfigError naming the variable, file field or override. */
export async function loadTrainingSettings(
  env: Record<string, string | undefined> = process.env,
  overrides: unknown = undefined,
): Promise<TrainingSettings> {
  const file = readFile(env.TRAINING_CONFIG);
  const fromEnv = readEnv(env);
  const run = overrides === undefined ? {} : parse(overridesSchema, overrides, 'overrides');
  const merged: FileSettings = {
    ...file,
    ...fromEnv,
    ...run,
    filters: { ...file.filters, ...fromEnv.filters, ...run.filters },
  };
  const candidatesSource = run.candidates ? 'overrides.candidates' : fromEnv.candidates ? 'TRAINING_CANDIDATES' : 'candidates';
  const candidates = await resolveCandidates(merged.candidates ?? DEFAULT_CANDIDATES.map((c) => candidateSchema.parse(c)), candidatesSource);
  const f = merged.filters ?? {};
  if (f.from && f.to && f.from >= f.to) throw new TrainingConfigError('filters.from: "from" must be before "to"', 'filters.from');
  return {
    modelName: merged.model_name ?? DEFAULT_MODEL_NAME,
    experimentName: merged.experiment ?? DEFAULT_EXPERIMENT,
    filters: {
      minUserRatings: f.min_user_ratings ?? 0,
      minMovieRatings: f.min_movie_ratings ?? 0,
      from: f.from,
      to: f.to,
      sample: f.sample ?? undefined,
    },
    candidates,
    margin: merged.margin ?? 0.001,
    folds: merged.folds ?? 3,
    holdout: merged.holdout ?? 0.2,
    seed: merged.seed ?? 0,
    jobs: merged.jobs ?? availableParallelism(),
    referenceSampleSize: merged.reference_sample_size ?? 10_000,
  };
}

function readFile(path: string | undefined): FileSettings {
  if (path === undefined || path === '') return {};
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new TrainingConfigError(`TRAINING_CONFIG: cannot read JSON file ${path}: ${(cause as Error).message}`, 'TRAINING_CONFIG');
  }
  return parse(fileSchema, content, `TRAINING_CONFIG (${path})`);
}

function readEnv(env: Record<string, string | undefined>): FileSettings {
  const out: Record<string, unknown> = {};
  const filters: Record<string, unknown> = {};
  for (const [name, { path, read }] of Object.entries(ENV)) {
    const text = env[name];
    if (text === undefined || text.trim() === '') continue;
    let value: unknown = text;
    if (read === 'number') {
      value = Number(text);
      if (!Number.isFinite(value)) throw new TrainingConfigError(`${name}: expected a number, got ${JSON.stringify(text)}`, name);
    } else if (read === 'json') {
      try {
        value = JSON.parse(text);
      } catch (cause) {
        throw new TrainingConfigError(`${name}: not valid JSON: ${(cause as Error).message}`, name);
      }
    }
    if (path[0] === 'filters') filters[path[1] as string] = value;
    else out[path[0]] = value;
    // Validate each variable alone so the message names it, not a merged object.
    parse(fileSchema, path[0] === 'filters' ? { filters: { [path[1] as string]: value } } : { [path[0]]: value }, name, path.length);
  }
  if (Object.keys(filters).length > 0) out.filters = filters;
  return parse(fileSchema, out, 'environment');
}

/** `skip` drops leading path segments already named by `where` (an environment variable's place in the shape). */
function parse<S extends z.ZodType>(schema: S, value: unknown, where: string, skip = 0): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path
    .slice(skip)
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('');
  const field = `${where}${path}`;
  throw new TrainingConfigError(`${field}: ${issue.message}`, field);
}
