/**
 * Rating-accuracy measures over test predictions, with Surprise's definitions (`surprise.accuracy`).
 *
 * Predictions are taken as columns (one entry per test rating) rather than one object per rating,
 * so a fold of millions of test ratings costs four typed arrays; `toColumns` adapts a list of
 * `Prediction` objects.
 */
import type { Prediction } from './prediction-algorithms/algo-base.ts';

export interface PredictionColumns {
  /** Raw user ids. */
  uids: Int32Array;
  /** Raw item ids. */
  iids: Int32Array;
  /** True ratings. */
  rUi: Float32Array | Float64Array;
  /** Estimates as `predict` returns them (clipped to the rating scale). */
  est: Float64Array;
}

export function toColumns(predictions: readonly Prediction[]): PredictionColumns {
  const n = predictions.length;
  const columns: PredictionColumns = {
    uids: new Int32Array(n),
    iids: new Int32Array(n),
    rUi: new Float64Array(n),
    est: new Float64Array(n),
  };
  predictions.forEach((p, k) => {
    columns.uids[k] = p.uid;
    columns.iids[k] = p.iid;
    columns.rUi[k] = p.rUi;
    columns.est[k] = p.est;
  });
  return columns;
}

function requireSome(p: PredictionColumns, measure: string): number {
  if (p.est.length === 0) throw new Error(`${measure}: prediction list is empty`);
  return p.est.length;
}

/** Mean squared error: mean of (r_ui − est)². */
export function mse(p: PredictionColumns): number {
  const n = requireSome(p, 'MSE');
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = p.rUi[k] - p.est[k];
    sum += e * e;
  }
  return sum / n;
}

/** Root mean squared error: √MSE. */
export function rmse(p: PredictionColumns): number {
  requireSome(p, 'RMSE');
  return Math.sqrt(mse(p));
}

/** Mean absolute error: mean of |r_ui − est|. */
export function mae(p: PredictionColumns): number {
  const n = requireSome(p, 'MAE');
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.abs(p.rUi[k] - p.est[k]);
  return sum / n;
}

/**
 * Fraction of concordant pairs (Koren, "Collaborative filtering on ordinal user feedback"), exactly
 * as Surprise computes it: for each user, over every ordered pair (i, j) of that user's test
 * predictions, a pair is concordant when est_i > est_j and r_i > r_j, and discordant when
 * est_i ≥ est_j and r_i < r_j. n_c is the mean of the per-user concordant counts over the users
 * that have at least one (likewise n_d), and FCP = n_c / (n_c + n_d).
 */
export function fcp(p: PredictionColumns): number {
  const byUser = groupByUser(p.uids);
  let ncSum = 0;
  let ncUsers = 0;
  let ndSum = 0;
  let ndUsers = 0;
  for (const rows of byUser.values()) {
    let nc = 0;
    let nd = 0;
    for (const a of rows) {
      for (const b of rows) {
        if (p.est[a] > p.est[b] && p.rUi[a] > p.rUi[b]) nc++;
        if (p.est[a] >= p.est[b] && p.rUi[a] < p.rUi[b]) nd++;
      }
    }
    if (nc > 0) {
      ncSum += nc;
      ncUsers++;
    }
    if (nd > 0) {
      ndSum += nd;
      ndUsers++;
    }
  }
  const nc = ncUsers > 0 ? ncSum / ncUsers : 0;
  const nd = ndUsers > 0 ? ndSum / ndUsers : 0;
  if (nc + nd === 0) throw new Error('FCP: no user has two test ratings that differ, so FCP is undefined');
  return nc / (nc + nd);
}

/** Test-row positions per raw user id, in row order. */
export function groupByUser(uids: Int32Array): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  for (let k = 0; k < uids.length; k++) {
    const rows = byUser.get(uids[k]);
    if (rows) rows.push(k);
    else byUser.set(uids[k], [k]);
  }
  return byUser;
}
