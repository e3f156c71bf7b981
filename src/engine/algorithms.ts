/**
 * The algorithm registry: Surprise class names (any case) → constructors, and Surprise-named
 * hyperparameters parsed from `key=value` strings.
 *
 * Each family's module is imported only when one of its algorithms is first used, so that a
 * cross-validation worker thread starts by loading just the algorithm it runs.
 *
 * Surprise nests the similarity and baseline options of the neighbourhood algorithms
 * (`sim_options={'name': 'pearson_baseline', 'user_based': False}`,
 * `bsl_options={'method': 'sgd'}`); Marquee's algorithms take them flat. Both spellings are accepted
 * here, through `NESTED_OPTION_KEYS`:
 *
 * | Surprise                  | flat key        |
 * |---------------------------|-----------------|
 * | sim_options.name          | sim             |
 * | sim_options.user_based    | user_based      |
 * | sim_options.min_support   | min_support     |
 * | sim_options.shrinkage     | shrinkage       |
 * | bsl_options.method        | bsl_method      |
 * | bsl_options.n_epochs      | bsl_n_epochs    |
 * | bsl_options.reg_u         | bsl_reg_u       |
 * | bsl_options.reg_i         | bsl_reg_i       |
 * | bsl_options.reg           | bsl_reg         |
 * | bsl_options.learning_rate | bsl_learning_rate |
 */
import { InvalidParameterError } from './prediction-algorithms/algo-params.ts';
import type { AlgoBase, Params } from './prediction-algorithms/algo-base.ts';

export type AlgoClass = new (params?: Params) => AlgoBase;

/** What to build: an algorithm and its hyperparameters, as plain data that can cross threads. */
export interface AlgoSpec {
  /** A registry name (Surprise's class name, any case) or, with `module`, the class's export name. */
  algo: string;
  params?: Params;
  /**
   * URL of an ES module exporting `algo`, an `AlgoBase` subclass: an algorithm from outside the
   * registry that still runs in cross-validation worker threads (which import it by this URL).
   */
  module?: string;
}

export class UnknownAlgorithmError extends Error {
  override name = 'UnknownAlgorithmError';
  readonly code = 'unknown-algorithm';
}

interface Entry {
  /** Surprise's class name. */
  name: string;
  load: () => Promise<AlgoClass>;
}

const entry = (name: string, load: () => Promise<AlgoClass>): [string, Entry] => [name.toLowerCase(), { name, load }];

const REGISTRY: Record<string, Entry> = Object.fromEntries([
  entry('SVD', async () => (await import('./prediction-algorithms/matrix-factorization.ts')).SVD),
  entry('SVDpp', async () => (await import('./prediction-algorithms/svdpp.ts')).SVDpp),
  entry('NMF', async () => (await import('./prediction-algorithms/matrix-factorization.ts')).NMF),
  entry('BaselineOnly', async () => (await import('./prediction-algorithms/baseline-only.ts')).BaselineOnly),
  entry('KNNBasic', async () => (await import('./prediction-algorithms/knns.ts')).KNNBasic),
  entry('KNNWithMeans', async () => (await import('./prediction-algorithms/knns.ts')).KNNWithMeans),
  entry('KNNWithZScore', async () => (await import('./prediction-algorithms/knns.ts')).KNNWithZScore),
  entry('KNNBaseline', async () => (await import('./prediction-algorithms/knns.ts')).KNNBaseline),
  entry('SlopeOne', async () => (await import('./prediction-algorithms/slope-one.ts')).SlopeOne),
  entry('CoClustering', async () => (await import('./prediction-algorithms/co-clustering.ts')).CoClustering),
  entry('Popularity', async () => (await import('./prediction-algorithms/popularity.ts')).Popularity),
  entry('NormalPredictor', async () => (await import('./prediction-algorithms/random-pred.ts')).NormalPredictor),
]);

export const NESTED_OPTION_KEYS: Readonly<Record<string, string>> = {
  'sim_options.name': 'sim',
  'sim_options.user_based': 'user_based',
  'sim_options.min_support': 'min_support',
  'sim_options.shrinkage': 'shrinkage',
  'bsl_options.method': 'bsl_method',
  'bsl_options.n_epochs': 'bsl_n_epochs',
  'bsl_options.reg_u': 'bsl_reg_u',
  'bsl_options.reg_i': 'bsl_reg_i',
  'bsl_options.reg': 'bsl_reg',
  'bsl_options.learning_rate': 'bsl_learning_rate',
};

/** The registry's names, as Surprise spells them. */
export function algorithmNames(): string[] {
  return Object.values(REGISTRY).map((entry) => entry.name);
}

/** Surprise's spelling of a registry name given in any case; throws naming the unknown algorithm. */
export function canonicalName(algo: string): string {
  return entryOf(algo).name;
}

function entryOf(algo: string): Entry {
  const entry = REGISTRY[algo.trim().toLowerCase()];
  if (!entry) {
    throw new UnknownAlgorithmError(`unknown algorithm "${algo}" (known: ${algorithmNames().join(', ')})`);
  }
  return entry;
}

export async function loadAlgorithm(spec: AlgoSpec): Promise<AlgoClass> {
  if (!spec.module) return entryOf(spec.algo).load();
  const exported: unknown = (await import(spec.module))[spec.algo];
  if (typeof exported !== 'function') {
    throw new UnknownAlgorithmError(`module ${spec.module} exports no algorithm class "${spec.algo}"`);
  }
  return exported as AlgoClass;
}

/** A new, unfitted algorithm; the constructor checks the parameters. */
export async function createAlgorithm(spec: AlgoSpec): Promise<AlgoBase> {
  const Algo = await loadAlgorithm(spec);
  return new Algo(spec.params ?? {});
}

/**
 * A synchronous constructor over every registered algorithm, all modules imported first: for model
 * files (`readModel`), whose algorithm is known only once the file is read.
 */
export async function algorithmConstructor(): Promise<(algo: string, params: Params) => AlgoBase> {
  const classes = new Map(await Promise.all(Object.entries(REGISTRY).map(async ([key, e]) => [key, await e.load()] as const)));
  return (algo, params) => {
    const Algo = classes.get(algo.trim().toLowerCase());
    if (!Algo) throw new UnknownAlgorithmError(`unknown algorithm "${algo}" (known: ${algorithmNames().join(', ')})`);
    return new Algo(params);
  };
}

/** The algorithm's parameters with their defaults, read from an instance built with none. */
export async function defaultParams(spec: AlgoSpec): Promise<Params> {
  return { ...(await createAlgorithm({ ...spec, params: {} })).params };
}

/**
 * Parses `key=value` strings (`n_factors=50`, `sim=pearson_baseline`, `user_based=false`, or
 * Surprise's nested `sim_options.name=pearson`) into typed parameters. Each value takes the type of
 * the parameter's default, so `k=abc` or an unknown key fails here, naming the parameter.
 */
export function parseParams(algorithm: string, defaults: Params, assignments: readonly string[]): Params {
  const params: Params = {};
  for (const assignment of assignments) {
    const [key, value] = splitAssignment(assignment);
    if (!Object.hasOwn(defaults, key)) {
      const known = Object.keys(defaults).join(', ') || 'none';
      throw new InvalidParameterError(`${algorithm}: unknown parameter "${key}" (known: ${known})`);
    }
    params[key] = coerce(algorithm, key, value, defaults[key]);
  }
  return params;
}

/** `"sim_options.name = pearson"` → `["sim", "pearson"]`. */
export function splitAssignment(assignment: string): [string, string] {
  const at = assignment.indexOf('=');
  if (at <= 0) throw new InvalidParameterError(`parameter "${assignment}" is not of the form key=value`);
  const key = assignment.slice(0, at).trim().toLowerCase();
  return [NESTED_OPTION_KEYS[key] ?? key, assignment.slice(at + 1).trim()];
}

function coerce(algorithm: string, key: string, text: string, like: Params[string]): Params[string] {
  if (typeof like === 'number') {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      throw new InvalidParameterError(`${algorithm}: parameter "${key}" must be a number, got "${text}"`);
    }
    return value;
  }
  if (typeof like === 'boolean') {
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw new InvalidParameterError(`${algorithm}: parameter "${key}" must be true or false, got "${text}"`);
  }
  return text;
}
