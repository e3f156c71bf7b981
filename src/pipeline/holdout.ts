/**
 * The held-out comparison: a seeded share of the ratings is set aside before cross-validation, and
 * the best candidate and the champion are each fitted on the rest and scored on it. Both go
 * through the same procedure on the same rows, so the comparison is fair.
 *
 * The champion is refitted from its recorded algorithm and parameters rather than scored as the
 * stored model: that model was fitted on all the data of its day, which includes most of today's
 * held-out ratings, and scoring it on ratings it has memorised would make any newcomer look worse.
 */
import {
  TrainTestSplit,
  Trainset,
  createAlgorithm,
  foldRows,
  mae,
  predictRows,
  rmse,
  type AlgoSpec,
  type RatingArrays,
  type RatingScale,
} from '../engine/index.ts';
import { NotEnoughDataError } from './errors.ts';
import { selectRows } from './load-data.ts';

export interface HoldoutSplit {
  /** The ratings cross-validation and the comparison fits see. */
  train: Required<RatingArrays>;
  trainRows: Int32Array;
  testRows: Int32Array;
}

export interface HoldoutScore {
  rmse: number;
  mae: number;
  ratings: number;
}

export function splitHoldout(data: Required<RatingArrays>, fraction: number, seed: number, folds: number): HoldoutSplit {
  const n = data.ratings.length;
  const nTest = Math.ceil(fraction * n);
  // Every fold of the cross-validation needs ratings on both sides, and so does the holdout.
  if (n - nTest < 2 * folds || nTest < 1) {
    throw new NotEnoughDataError(`${n} ratings are too few to hold out ${fraction * 100}% and cross-validate with ${folds} folds`);
  }
  const plan = new TrainTestSplit({ testSize: fraction, randomState: seed }).split(data);
  const { trainRows, testRows } = foldRows(plan, 0);
  return { train: selectRows(data, trainRows), trainRows, testRows };
}

/** Fits `spec` on the split's training rows and scores it on the held-out rows. */
export async function scoreOnHoldout(
  spec: AlgoSpec,
  data: Required<RatingArrays>,
  scale: RatingScale,
  split: HoldoutSplit,
): Promise<HoldoutScore> {
  const algo = await createAlgorithm(spec);
  algo.fit(Trainset.build(data, scale, split.trainRows));
  const predictions = predictRows(algo, data, split.testRows);
  return { rmse: rmse(predictions), mae: mae(predictions), ratings: split.testRows.length };
}
