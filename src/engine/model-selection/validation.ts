/**
 * Cross-validation, after Surprise's `model_selection.validation.cross_validate`: fit on each fold's
 * trainset, predict its testset, report the measures per fold with their mean and (population)
 * standard deviation, and the time spent fitting and testing.
 *
 * Several candidates (algorithm + parameters) can be validated at once: every (candidate, fold)
 * pair is one task, and all of them share one pool of threads (see fold-pool.ts).
 */
import { availableParallelism } from 'node:os';
import { createAlgorithm, type AlgoSpec } from '../algorithms.ts';
import { DEFAULT_RELEVANCE_THRESHOLD } from '../ranking-metrics.ts';
import type { RatingArrays, RatingScale } from '../trainset.ts';
import { runFoldTasks } from './fold-pool.ts';
import type { FoldResult, FoldTask } from './fold-task.ts';
import { normalizeMeasure, type Measure } from './measures.ts';
import { KFold, foldCount, type Splitter } from './split.ts';

export interface CrossValidateOptions {
  /** A number of folds for `KFold` (default 5), or any splitter. */
  cv?: number | Splitter;
  /** `random_state` of the default `KFold`'s shuffle (default 0). */
  seed?: number;
  /** Measure names (default `['rmse', 'mae']`); see measures.ts. */
  measures?: readonly string[];
  /**
   * Threads computing folds, this one included (`jobs - 1` workers start); 1 runs everything
   * in-process. Default: `os.availableParallelism()`.
   */
  jobs?: number;
  /** Relevance threshold of ranking measures (default 3.5). */
  threshold?: number;
}

export interface CvResult {
  spec: AlgoSpec;
  /** Per fold, in fold order. */
  folds: FoldResult[];
  mean: Record<Measure, number>;
  std: Record<Measure, number>;
  /** Seconds fitting and testing, summed over the folds (as Surprise's tables report them). */
  fitS: number;
  testS: number;
  /** Wall-clock seconds of the whole call, shared by every candidate validated together. */
  wallS: number;
}

/** Cross-validates one candidate. */
export async function crossValidate(
  spec: AlgoSpec,
  data: RatingArrays,
  scale: RatingScale,
  options: CrossValidateOptions = {},
): Promise<CvResult> {
  const [result] = await crossValidateAll([spec], data, scale, options);
  return result;
}

/** Cross-validates several candidates on the same folds, all tasks sharing one pool. */
export async function crossValidateAll(
  specs: readonly AlgoSpec[],
  data: RatingArrays,
  scale: RatingScale,
  options: CrossValidateOptions = {},
): Promise<CvResult[]> {
  const start = performance.now();
  const measures = (options.measures ?? ['rmse', 'mae']).map(normalizeMeasure);
  if (measures.length === 0) throw new Error('cross-validation needs at least one measure');
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer, got ${jobs}`);
  // Build each candidate once here, so a bad parameter fails now with its message, not in a worker.
  for (const spec of specs) await createAlgorithm(spec);
  const cv = options.cv ?? 5;
  const splitter = typeof cv === 'number' ? new KFold(cv, { randomState: options.seed ?? 0 }) : cv;
  const plan = splitter.split(data);
  const nFolds = foldCount(plan);
  const tasks: FoldTask[] = [];
  for (let candidate = 0; candidate < specs.length; candidate++) {
    for (let fold = 0; fold < nFolds; fold++) tasks.push({ candidate, fold });
  }
  const context = {
    data,
    scale,
    plan,
    specs: [...specs],
    measures,
    threshold: options.threshold ?? DEFAULT_RELEVANCE_THRESHOLD,
  };
  const results = await runFoldTasks(context, tasks, jobs);
  const wallS = (performance.now() - start) / 1000;
  return specs.map((spec, candidate) => summarize(spec, results.slice(candidate * nFolds, (candidate + 1) * nFolds), measures, wallS));
}

function summarize(spec: AlgoSpec, folds: FoldResult[], measures: Measure[], wallS: number): CvResult {
  const mean: Record<Measure, number> = {};
  const std: Record<Measure, number> = {};
  for (const measure of measures) {
    const values = folds.map((fold) => fold.measures[measure]);
    mean[measure] = values.reduce((sum, v) => sum + v, 0) / values.length;
    std[measure] = Math.sqrt(values.reduce((sum, v) => sum + (v - mean[measure]) ** 2, 0) / values.length);
  }
  return {
    spec,
    folds,
    mean,
    std,
    fitS: folds.reduce((sum, fold) => sum + fold.fitS, 0),
    testS: folds.reduce((sum, fold) => sum + fold.testS, 0),
    wallS,
  };
}
