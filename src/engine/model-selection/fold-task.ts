/**
 * One unit of cross-validation work: fit one candidate on one fold's trainset, predict the fold's
 * test ratings, and measure. The same function runs in-process and inside worker threads, and it
 * depends only on (data, plan, candidate, fold) — never on which thread runs it or when — so results
 * are identical whatever the number of jobs.
 */
import { createAlgorithm, type AlgoSpec } from '../algorithms.ts';
import type { PredictionColumns } from '../accuracy.ts';
import type { AlgoBase } from '../prediction-algorithms/algo-base.ts';
import { Trainset, type RatingArrays, type RatingScale } from '../trainset.ts';
import { computeMeasures, type Measure } from './measures.ts';
import { foldRows, type FoldPlan } from './split.ts';

/** Everything a fold needs besides the candidate: sent once to each worker. */
export interface FoldContext {
  data: RatingArrays;
  scale: RatingScale;
  plan: FoldPlan;
  specs: AlgoSpec[];
  measures: Measure[];
  /** Relevance threshold of the ranking measures. */
  threshold: number;
}

export interface FoldTask {
  /** Index into `FoldContext.specs`. */
  candidate: number;
  fold: number;
}

/** Plain numbers only, so results cross threads as small messages. */
export interface FoldResult {
  measures: Record<Measure, number>;
  /** Seconds in `fit` (building the trainset is not counted, as in Surprise). */
  fitS: number;
  /** Seconds predicting the test ratings. */
  testS: number;
}

export async function runFold(context: FoldContext, task: FoldTask): Promise<FoldResult> {
  const algo = await createAlgorithm(context.specs[task.candidate]);
  const { trainRows, testRows } = foldRows(context.plan, task.fold);
  const trainset = Trainset.build(context.data, context.scale, trainRows);
  const fitStart = performance.now();
  algo.fit(trainset);
  const testStart = performance.now();
  const predictions = predictRows(algo, context.data, testRows);
  const testEnd = performance.now();
  return {
    measures: computeMeasures(predictions, context.measures, context.threshold),
    fitS: (testStart - fitStart) / 1000,
    testS: (testEnd - testStart) / 1000,
  };
}

/** Surprise's `algo.test(testset)`: `predict`'s estimate (raw ids, default fallback, clipping) for each row. */
export function predictRows(algo: AlgoBase, data: RatingArrays, rows: Int32Array): PredictionColumns {
  const n = rows.length;
  const columns: PredictionColumns = {
    uids: new Int32Array(n),
    iids: new Int32Array(n),
    rUi: new Float32Array(n),
    est: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const row = rows[k];
    const uid = data.userIds[row];
    const iid = data.itemIds[row];
    columns.uids[k] = uid;
    columns.iids[k] = iid;
    columns.rUi[k] = data.ratings[row];
    columns.est[k] = algo.predictEstimate(uid, iid);
  }
  return columns;
}
