/**
 * Hyperparameter search with cross-validation, after Surprise's `GridSearchCV` and
 * `RandomizedSearchCV`: every candidate parameter set is cross-validated on the same folds (all
 * candidates × folds share one worker pool), and the best set is reported per measure.
 *
 * Parameters are Marquee's flat names; Surprise's nested `sim_options` / `bsl_options` may be given
 * either as `{ 'sim_options.name': [...] }` or as `{ sim_options: { name: [...] } }`
 * (see `NESTED_OPTION_KEYS` in algorithms.ts).
 */
import { NESTED_OPTION_KEYS, type AlgoSpec } from '../algorithms.ts';
import type { Params } from '../prediction-algorithms/algo-base.ts';
import { Random } from '../random.ts';
import type { RatingArrays, RatingScale } from '../trainset.ts';
import { higherIsBetter, normalizeMeasure, type Measure } from './measures.ts';
import { crossValidateAll, type CrossValidateOptions, type CvResult } from './validation.ts';

type Value = number | string | boolean;

export type ParamGrid = Record<string, readonly Value[] | Record<string, readonly Value[]>>;

/** A list to choose from uniformly, or a continuous / integer range (`randint`'s high is excluded, as in scipy). */
export type Distribution =
  | readonly Value[]
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  | { randint: [number, number] };

export type ParamDistributions = Record<string, Distribution | Record<string, Distribution>>;

/** The algorithm to tune: a registry name, or a spec without params (for a module algorithm). */
export type SearchTarget = string | Omit<AlgoSpec, 'params'>;

export interface SearchResult {
  /** Every candidate's cross-validation, in the order the candidates were generated. */
  candidates: CvResult[];
  /** Per measure, the candidate with the best mean (lowest error, highest FCP / ranking score). */
  best: Record<Measure, { index: number; params: Params; score: number }>;
}

export async function gridSearch(
  target: SearchTarget,
  grid: ParamGrid,
  data: RatingArrays,
  scale: RatingScale,
  options: CrossValidateOptions = {},
): Promise<SearchResult> {
  return search(target, gridPoints(flatten(grid)), data, scale, options);
}

export interface RandomizedSearchOptions extends CrossValidateOptions {
  /** Number of parameter sets drawn (Surprise's default: 10). */
  nIter?: number;
  /** Seed of the draws (default 0). */
  randomState?: number;
}

/**
 * Draws `nIter` parameter sets. When every distribution is a list, the sets are distinct points of
 * the grid (sampling without replacement, as Surprise does); otherwise each parameter is drawn
 * independently.
 */
export async function randomizedSearch(
  target: SearchTarget,
  distributions: ParamDistributions,
  data: RatingArrays,
  scale: RatingScale,
  options: RandomizedSearchOptions = {},
): Promise<SearchResult> {
  const flat = flatten(distributions);
  const nIter = options.nIter ?? 10;
  if (!Number.isInteger(nIter) || nIter < 1) throw new RangeError(`n_iter must be a positive integer, got ${nIter}`);
  const rng = new Random(options.randomState ?? 0);
  const lists = Object.values(flat).every((d) => Array.isArray(d));
  let points: Params[];
  if (lists) {
    const all = gridPoints(flat as Record<string, readonly Value[]>);
    if (nIter > all.length) throw new RangeError(`n_iter=${nIter} exceeds the ${all.length} points of the grid`);
    const order = Int32Array.from(all, (_, k) => k);
    rng.shuffle(order);
    points = Array.from(order.subarray(0, nIter), (k) => all[k]);
  } else {
    points = Array.from({ length: nIter }, () => Object.fromEntries(Object.entries(flat).map(([key, d]) => [key, draw(key, d, rng)])));
  }
  return search(target, points, data, scale, options);
}

async function search(
  target: SearchTarget,
  points: Params[],
  data: RatingArrays,
  scale: RatingScale,
  options: CrossValidateOptions,
): Promise<SearchResult> {
  const base = typeof target === 'string' ? { algo: target } : target;
  const candidates = await crossValidateAll(points.map((params) => ({ ...base, params })), data, scale, options);
  const best: SearchResult['best'] = {};
  for (const measure of (options.measures ?? ['rmse', 'mae']).map(normalizeMeasure)) {
    const sign = higherIsBetter(measure) ? 1 : -1;
    let index = 0;
    candidates.forEach((c, k) => {
      if (sign * c.mean[measure] > sign * candidates[index].mean[measure]) index = k;
    });
    best[measure] = { index, params: points[index], score: candidates[index].mean[measure] };
  }
  return { candidates, best };
}

/** Nested `sim_options: { name: [...] }` and dotted `sim_options.name` both become the flat key `sim`. */
function flatten<T>(grid: Record<string, T | Record<string, T>>): Record<string, T> {
  const flat: Record<string, T> = {};
  const put = (key: string, value: T) => {
    const name = NESTED_OPTION_KEYS[key] ?? key;
    if (Object.hasOwn(flat, name)) throw new Error(`search: parameter "${name}" is given twice`);
    flat[name] = value;
  };
  for (const [key, value] of Object.entries(grid)) {
    if (key === 'sim_options' || key === 'bsl_options') {
      for (const [inner, v] of Object.entries(value as Record<string, T>)) put(`${key}.${inner}`, v);
    } else put(key, value as T);
  }
  return flat;
}

/** Every combination, the last parameter varying fastest (Surprise's `itertools.product` order). */
function gridPoints(grid: Record<string, readonly Value[]>): Params[] {
  let points: Params[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`search: parameter "${key}" needs a non-empty list of values`);
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}

function draw(key: string, d: Distribution, rng: Random): Value {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new Error(`search: parameter "${key}" needs a non-empty list of values`);
    return d[rng.int(d.length)];
  }
  const [kind, range] = Object.entries(d)[0] as [string, [number, number]];
  const [low, high] = range;
  if (!(low < high)) throw new RangeError(`search: parameter "${key}" needs low < high, got [${low}, ${high}]`);
  if (kind === 'uniform') return low + rng.next() * (high - low);
  if (kind === 'loguniform') return Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)));
  if (kind === 'randint') return low + rng.int(high - low);
  throw new Error(`search: parameter "${key}" has unknown distribution "${kind}" (use a list, uniform, loguniform or randint)`);
}
