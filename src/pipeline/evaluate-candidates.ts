/**
 * Step 3: cross-validate every candidate on the training part (never on the held-out ratings).
 * Candidates with fixed parameters share one pool of worker threads, so three candidates × three
 * folds keep every core busy; a candidate with a search runs its own grid or random search and is
 * represented by its best point (lowest mean RMSE).
 */
import {
  createAlgorithm,
  crossValidateAll,
  gridSearch,
  randomizedSearch,
  type AlgoSpec,
  type CvResult,
  type Params,
  type RatingArrays,
  type RatingScale,
} from '../engine/index.ts';
import type { Candidate } from './candidates.ts';

export const CV_MEASURES = ['rmse', 'mae', 'precision@10', 'ndcg@10'] as const;

export interface CandidateScores {
  rmse: number;
  mae: number;
  precision_at_10: number;
  ndcg_at_10: number;
  /** Per fold, in fold order. */
  fold_rmse: number[];
  /** Seconds spent in `fit`, summed over the folds (Surprise's convention). */
  fit_seconds: number;
}

export interface CandidateResult {
  name: string;
  algo: string;
  /** Every parameter, defaults included, of the point that was scored (the best one for a search). */
  params: Params;
  cv: CandidateScores;
  /** For a searched candidate: how many parameter sets were cross-validated. */
  searchPoints?: number;
}

export interface CvSettings {
  folds: number;
  seed: number;
  jobs: number;
}

export async function evaluateCandidates(
  candidates: readonly Candidate[],
  train: RatingArrays,
  scale: RatingScale,
  settings: CvSettings,
): Promise<CandidateResult[]> {
  const options = { cv: settings.folds, seed: settings.seed, jobs: settings.jobs, measures: [...CV_MEASURES] };
  const fixed = candidates.filter((c) => !c.search);
  const fixedResults =
    fixed.length === 0 ? [] : await crossValidateAll(fixed.map((c): AlgoSpec => ({ algo: c.algo, params: c.params })), train, scale, options);
  const results = new Map<Candidate, CandidateResult>();
  for (const [k, candidate] of fixed.entries()) results.set(candidate, await toResult(candidate, fixedResults[k]));
  for (const candidate of candidates) {
    const search = candidate.search;
    if (!search) continue;
    // Fixed parameters apply to every point; the searched ones vary.
    const target = { algo: candidate.algo };
    const found =
      search.method === 'grid'
        ? await gridSearch(target, withFixed(search.grid, candidate.params), train, scale, options)
        : await randomizedSearch(target, withFixed(search.distributions, candidate.params), train, scale, {
            ...options,
            nIter: search.nIter,
            randomState: search.randomState,
          });
    const best = found.candidates[found.best.rmse.index];
    results.set(candidate, { ...(await toResult(candidate, best)), searchPoints: found.candidates.length });
  }
  return candidates.map((c) => results.get(c) as CandidateResult);
}

/** A fixed parameter becomes a one-value list, unless the search varies it. */
function withFixed<T extends Record<string, unknown>>(space: T, fixed: Params): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fixed)) out[key] = [value];
  return { ...out, ...space } as T;
}

async function toResult(candidate: Candidate, cv: CvResult): Promise<CandidateResult> {
  const algorithm = await createAlgorithm(cv.spec);
  return {
    name: candidate.name,
    algo: candidate.algo,
    params: { ...algorithm.params },
    cv: {
      rmse: cv.mean.rmse,
      mae: cv.mean.mae,
      precision_at_10: cv.mean['precision@10'],
      ndcg_at_10: cv.mean['ndcg@10'],
      fold_rmse: cv.folds.map((fold) => fold.measures.rmse),
      fit_seconds: cv.fitS,
    },
  };
}

/** The candidate with the lowest mean CV RMSE (the first one on a tie). */
export function bestByRmse<R extends CandidateResult>(results: readonly R[]): R {
  return results.reduce((best, r) => (r.cv.rmse < best.cv.rmse ? r : best));
}
