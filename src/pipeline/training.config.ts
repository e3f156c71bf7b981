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
import { isUnset, issuePath, readVariable, type Env, type Setting, type SettingGroup, type SettingValue } from '../config/setting.ts';
import { decimal, integer, json } from '../config/values.ts';
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

const name: SettingValue<string> = { accepts: 'text, at most 200 characters', schema: z.string().trim().min(1).max(200) };
const date: SettingValue<Date | undefined> = { accepts: 'ISO 8601 date, e.g. 2015-01-01T00:00:00Z', schema: instant };
const ratings = integer(0, 1_000_000);
const candidateList = z.array(candidateSchema).min(1).max(50);

/**
 * Each setting's value, defined once: the variable reads it from its text, the file and the
 * overrides take the same value as JSON (a number where the variable holds digits).
 */
const VALUES = {
  model_name: name,
  experiment: name,
  candidates: json(candidateList, 'JSON array of candidates, e.g. `[{"algo": "SVD", "params": {"n_factors": 50}}]`'),
  margin: decimal({ min: 0, max: 10 }),
  folds: integer(2, 20),
  holdout: decimal({ above: 0, below: 1 }),
  seed: integer(0, 2 ** 32 - 1),
  jobs: integer(1, 256),
  reference_sample_size: integer(0, 1_000_000),
  min_user_ratings: ratings,
  min_movie_ratings: ratings,
  from: date,
  to: date,
  sample: {
    accepts: 'number in (0, 1) (a fraction) or an integer ≥ 1 (a count)',
    schema: decimal().schema.refine((v) => (v > 0 && v < 1) || (Number.isInteger(v) && v >= 1), 'expected a fraction in (0, 1) or a whole count of ratings ≥ 1'),
  },
} satisfies Record<string, SettingValue<unknown>>;

/**
 * A number field of the file or the overrides: a JSON number, checked like its variable. (The cast
 * only narrows the schema's input type: a schema that takes anything takes a number.)
 */
const jsonNumber = (value: SettingValue<number>) => z.number().pipe(value.schema as z.ZodType<number, number>);

const filtersSchema = z
  .object({
    min_user_ratings: jsonNumber(VALUES.min_user_ratings),
    min_movie_ratings: jsonNumber(VALUES.min_movie_ratings),
    from: instant,
    to: instant,
    sample: jsonNumber(VALUES.sample).nullable(),
  })
  .strict()
  .partial();

/** What may be given per run. */
export const overridesSchema = z
  .object({
    filters: filtersSchema,
    candidates: candidateList,
    margin: jsonNumber(VALUES.margin),
  })
  .strict()
  .partial();

export type TrainingOverrides = z.input<typeof overridesSchema>;

const fileSchema = overridesSchema
  .extend({
    model_name: VALUES.model_name.schema,
    experiment: VALUES.experiment.schema,
    folds: jsonNumber(VALUES.folds),
    holdout: jsonNumber(VALUES.holdout),
    seed: jsonNumber(VALUES.seed),
    jobs: jsonNumber(VALUES.jobs),
    reference_sample_size: jsonNumber(VALUES.reference_sample_size),
  })
  .strict()
  .partial();

type FileSettings = z.output<typeof fileSchema>;
type Field = keyof typeof VALUES;

/** The defaults of the settings a variable can set; the candidates' are DEFAULT_CANDIDATES. */
const DEFAULTS = { margin: 0.001, folds: 3, holdout: 0.2, seed: 0, reference_sample_size: 10_000, min_user_ratings: 0, min_movie_ratings: 0 };

const variable = <F extends Field>(field: F, setting: Omit<Setting, 'accepts'>) => ({ field, ...VALUES[field], ...setting });
const defaultOf = (field: keyof typeof DEFAULTS) => ({ default: String(DEFAULTS[field]) });

/** Environment variable → the setting it sets (a filter when the field is one of FILTER_FIELDS). */
const ENV = {
  MODEL_NAME: variable('model_name', { default: DEFAULT_MODEL_NAME, description: 'Registered model that training promotes and the server serves (its `champion` alias).' }),
  TRAINING_EXPERIMENT: variable('experiment', { default: DEFAULT_EXPERIMENT, description: 'Tracking experiment that holds the training runs.' }),
  TRAINING_CANDIDATES: variable('candidates', {
    derivedDefault: 'SVD, KNNBaseline (pearson_baseline, item-based), BaselineOnly',
    description: "Algorithms to cross-validate in Surprise's spelling, with parameters or a grid or random search.",
  }),
  TRAINING_MARGIN: variable('margin', { ...defaultOf('margin'), description: 'A new model replaces the champion only when its holdout RMSE is lower by at least this.' }),
  TRAINING_FOLDS: variable('folds', { ...defaultOf('folds'), description: 'Cross-validation folds.' }),
  TRAINING_HOLDOUT: variable('holdout', { ...defaultOf('holdout'), description: 'Share of the ratings held out to compare the best candidate with the champion.' }),
  TRAINING_SEED: variable('seed', { ...defaultOf('seed'), description: 'Seed of the sample, the holdout split, the folds and the algorithms.' }),
  TRAINING_JOBS: variable('jobs', { derivedDefault: 'the number of CPU cores', description: 'Threads cross-validating, this one included.' }),
  TRAINING_REFERENCE_SAMPLE: variable('reference_sample_size', {
    ...defaultOf('reference_sample_size'),
    description: 'Ratings kept in the sample of the reference statistics that drift checks compare with.',
  }),
  TRAINING_MIN_USER_RATINGS: variable('min_user_ratings', { ...defaultOf('min_user_ratings'), description: 'Train only on users with at least this many ratings.' }),
  TRAINING_MIN_MOVIE_RATINGS: variable('min_movie_ratings', { ...defaultOf('min_movie_ratings'), description: 'Train only on movies with at least this many ratings.' }),
  TRAINING_FROM: variable('from', { description: 'Train on ratings at or after this instant; unset → from the first.' }),
  TRAINING_TO: variable('to', { description: 'Train on ratings before this instant; unset → up to the last.' }),
  TRAINING_SAMPLE: variable('sample', { description: 'Train on a sample drawn with the seed after the other filters; unset → on all of them.' }),
};

/** The fields that are filters, as `filtersSchema` names them. */
const FILTER_FIELDS = Object.keys(filtersSchema.shape) as readonly Field[];

/** Read by `readFile`, before the variables above, which win over it. */
const TRAINING_CONFIG: Setting = {
  accepts: 'path of a JSON file',
  description: 'Training settings as one JSON object in snake_case (`{"folds": 5, "filters": {"min_user_ratings": 5}}`); the variables below win over it.',
};

export const trainingGroup: SettingGroup = {
  title: 'Training',
  summary:
    "Read by `marquee train`, `marquee model`, `marquee drift` (the model's name) and the server, again at each training job. A run's overrides (`POST /training/` body, `marquee train` options) win over both the file and these variables.",
  settings: { TRAINING_CONFIG, ...ENV },
};

/** Reads and checks the settings; throws TrainingConfigError naming the variable, file field or override. */
export async function loadTrainingSettings(
  env: Env = process.env,
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
      minUserRatings: f.min_user_ratings ?? DEFAULTS.min_user_ratings,
      minMovieRatings: f.min_movie_ratings ?? DEFAULTS.min_movie_ratings,
      from: f.from,
      to: f.to,
      sample: f.sample ?? undefined,
    },
    candidates,
    margin: merged.margin ?? DEFAULTS.margin,
    folds: merged.folds ?? DEFAULTS.folds,
    holdout: merged.holdout ?? DEFAULTS.holdout,
    seed: merged.seed ?? DEFAULTS.seed,
    jobs: merged.jobs ?? availableParallelism(),
    referenceSampleSize: merged.reference_sample_size ?? DEFAULTS.reference_sample_size,
  };
}

function readFile(path: string | undefined): FileSettings {
  if (path === undefined || isUnset(path)) return {};
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new TrainingConfigError(`TRAINING_CONFIG: cannot read JSON file ${path}: ${(cause as Error).message}`, 'TRAINING_CONFIG');
  }
  return parse(fileSchema, content, `TRAINING_CONFIG (${path})`);
}

function readEnv(env: Env): FileSettings {
  const out: Record<string, unknown> = {};
  const filters: Record<string, unknown> = {};
  for (const name of Object.keys(ENV) as (keyof typeof ENV)[]) {
    const value = readVariable(env, ENV, name, (field, message) => new TrainingConfigError(`${field}: ${message}`, field));
    if (value === undefined) continue;
    const { field } = ENV[name];
    if (FILTER_FIELDS.includes(field)) filters[field] = value;
    else out[field] = value;
  }
  if (Object.keys(filters).length > 0) out.filters = filters;
  return out as FileSettings;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `${where}${issuePath(issue.path)}`;
  throw new TrainingConfigError(`${field}: ${issue.message}`, field);
}
