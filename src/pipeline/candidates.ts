/**
 * Training candidates: which algorithms the pipeline cross-validates, with which hyperparameters,
 * and optionally a grid or random search around them. Candidates are written as JSON (in
 * TRAINING_CANDIDATES, the training config file, or a `POST /training/` body) in Surprise's
 * spelling; nested `sim_options` / `bsl_options` objects are accepted and flattened.
 *
 * `resolveCandidates` checks everything a run would trip over later — unknown algorithm, unknown or
 * mistyped parameter, duplicate name, a search over an unknown parameter — and names the candidate.
 */
import { z } from 'zod';
import {
  NESTED_OPTION_KEYS,
  canonicalName,
  createAlgorithm,
  defaultParams,
  type ParamDistributions,
  type ParamGrid,
  type Params,
} from '../engine/index.ts';
import { TrainingConfigError } from './errors.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);
const listOrRange = z.union([
  z.array(scalar).min(1),
  z.object({ uniform: z.tuple([z.number(), z.number()]) }).strict(),
  z.object({ loguniform: z.tuple([z.number(), z.number()]) }).strict(),
  z.object({ randint: z.tuple([z.number(), z.number()]) }).strict(),
]);

export const candidateSchema = z
  .object({
    /** Shown in runs, job results and model versions; defaults to the algorithm's name. */
    name: z.string().trim().min(1).max(100).optional(),
    algo: z.string().trim().min(1),
    params: z.record(z.string(), z.union([scalar, z.record(z.string(), scalar)])).optional(),
    search: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('grid'), grid: z.record(z.string(), z.union([z.array(scalar).min(1), z.record(z.string(), z.array(scalar).min(1))])) }).strict(),
        z
          .object({
            method: z.literal('random'),
            distributions: z.record(z.string(), z.union([listOrRange, z.record(z.string(), listOrRange)])),
            n_iter: z.number().int().min(1).max(1000).default(10),
            random_state: z.number().int().min(0).optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

export type CandidateInput = z.input<typeof candidateSchema>;

export type CandidateSearch =
  | { method: 'grid'; grid: ParamGrid }
  | { method: 'random'; distributions: ParamDistributions; nIter: number; randomState: number };

export interface Candidate {
  name: string;
  /** Surprise's class name. */
  algo: string;
  /** Flat parameters as given (defaults are filled in by the algorithm). */
  params: Params;
  /** Searched parameters override `params` for each point of the search. */
  search?: CandidateSearch;
}

/** SVD, item-based KNNBaseline with pearson_baseline similarity, BaselineOnly: the original design's three. */
export const DEFAULT_CANDIDATES: readonly CandidateInput[] = [
  { algo: 'SVD' },
  { algo: 'KNNBaseline', params: { sim_options: { name: 'pearson_baseline', user_based: false } } },
  { algo: 'BaselineOnly' },
];

/**
 * Validates parsed candidate JSON into runnable candidates. `where` names the source in messages
 * (`TRAINING_CANDIDATES`, `overrides.candidates`, ...).
 */
export async function resolveCandidates(inputs: readonly z.output<typeof candidateSchema>[], where: string): Promise<Candidate[]> {
  if (inputs.length === 0) throw new TrainingConfigError(`${where}: at least one candidate is needed`, where);
  const candidates: Candidate[] = [];
  for (const [k, input] of inputs.entries()) {
    const field = `${where}[${k}]`;
    const candidate = await resolveOne(input, field);
    const clash = candidates.find((c) => c.name === candidate.name);
    if (clash) {
      throw new TrainingConfigError(`${field}.name: two candidates are named "${candidate.name}"; give each a distinct "name"`, `${field}.name`);
    }
    candidates.push(candidate);
  }
  return candidates;
}

async function resolveOne(input: z.output<typeof candidateSchema>, field: string): Promise<Candidate> {
  let algo: string;
  try {
    algo = canonicalName(input.algo);
  } catch (error) {
    throw new TrainingConfigError(`${field}.algo: ${(error as Error).message}`, `${field}.algo`);
  }
  const params = flattenParams(input.params ?? {}, `${field}.params`);
  try {
    await createAlgorithm({ algo, params });
  } catch (error) {
    throw new TrainingConfigError(`${field}.params: ${(error as Error).message}`, `${field}.params`);
  }
  const candidate: Candidate = { name: input.name ?? algo, algo, params };
  if (input.search) {
    const field2 = `${field}.search`;
    const space = flattenParams(
      (input.search.method === 'grid' ? input.search.grid : input.search.distributions) as Record<string, never>,
      field2,
    );
    const known = await defaultParams({ algo });
    for (const key of Object.keys(space)) {
      if (!Object.hasOwn(known, key)) {
        throw new TrainingConfigError(`${field2}: ${algo} has no parameter "${key}" (known: ${Object.keys(known).join(', ')})`, field2);
      }
    }
    candidate.search =
      input.search.method === 'grid'
        ? { method: 'grid', grid: space as ParamGrid }
        : { method: 'random', distributions: space as ParamDistributions, nIter: input.search.n_iter, randomState: input.search.random_state ?? 0 };
  }
  return candidate;
}

/** `{ sim_options: { name: 'x' } }` and `{ 'sim_options.name': 'x' }` both become `{ sim: 'x' }`. */
function flattenParams<T>(params: Record<string, T | Record<string, T>>, field: string): Record<string, T> {
  const flat: Record<string, T> = {};
  const put = (key: string, value: T) => {
    const name = NESTED_OPTION_KEYS[key.toLowerCase()] ?? key;
    if (Object.hasOwn(flat, name)) throw new TrainingConfigError(`${field}: parameter "${name}" is given twice`, field);
    flat[name] = value;
  };
  for (const [key, value] of Object.entries(params)) {
    const nested = typeof value === 'object' && value !== null && !Array.isArray(value) && !isRange(value);
    if (nested && (key === 'sim_options' || key === 'bsl_options')) {
      for (const [inner, v] of Object.entries(value as Record<string, T>)) put(`${key}.${inner}`, v);
    } else if (nested) {
      throw new TrainingConfigError(`${field}.${key}: only sim_options and bsl_options take an object`, `${field}.${key}`);
    } else {
      put(key, value as T);
    }
  }
  return flat;
}

function isRange(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && ['uniform', 'loguniform', 'randint'].includes(keys[0]);
}
