/**
 * MovieLens ratings for the factor-model tests and the accuracy check: a small reader for ml-100k's
 * u.data (tab-separated) and ml-latest-small's ratings.csv, and Surprise's KFold (shuffle, then
 * contiguous test slices; the train rows keep the shuffled order, which sets inner ids and SGD order).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Random } from '../../src/engine/random.ts';
import { Trainset, type RatingArrays, type RatingScale } from '../../src/engine/trainset.ts';
import type { AlgoBase } from '../../src/engine/prediction-algorithms/algo-base.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const sharedDataDir = process.env.MARQUEE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data', 'movielens');
export const ml100kPath = join(sharedDataDir, 'ml-100k', 'u.data');
export const latestSmallPath = join(repoRoot, 'data', 'ml-latest-small', 'ratings.csv');

export interface Dataset {
  data: RatingArrays;
  scale: RatingScale;
}

/** ml-100k (1–5 stars), or undefined when the shared data is not on this machine. */
export function loadMl100k(): Dataset | undefined {
  if (!existsSync(ml100kPath)) return undefined;
  return { data: parseRatings(readFileSync(ml100kPath, 'utf8'), '\t', false), scale: { min: 1, max: 5 } };
}

/** ml-latest-small, bundled with the repository (0.5–5 stars). */
export function loadLatestSmall(): Dataset {
  return { data: parseRatings(readFileSync(latestSmallPath, 'utf8'), ',', true), scale: { min: 0.5, max: 5 } };
}

function parseRatings(text: string, sep: string, header: boolean): RatingArrays {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (header) lines.shift();
  const n = lines.length;
  const data = {
    userIds: new Int32Array(n),
    itemIds: new Int32Array(n),
    ratings: new Float32Array(n),
    timestamps: new Float64Array(n),
  };
  lines.forEach((line, k) => {
    const [u, i, r, t] = line.split(sep);
    data.userIds[k] = Number(u);
    data.itemIds[k] = Number(i);
    data.ratings[k] = Number(r);
    data.timestamps[k] = Number(t) * 1000;
  });
  return data;
}

export interface Fold {
  trainset: Trainset;
  testRows: Int32Array;
}

/** Surprise's KFold(n_splits, shuffle=True): fold sizes differ by at most one, the first ones larger. */
export function kFold({ data, scale }: Dataset, nSplits: number, seed: number): Fold[] {
  const n = data.ratings.length;
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, k) => k));
  const folds: Fold[] = [];
  let start = 0;
  for (let k = 0; k < nSplits; k++) {
    const stop = start + Math.floor(n / nSplits) + (k < n % nSplits ? 1 : 0);
    const trainRows = new Int32Array(n - (stop - start));
    trainRows.set(order.subarray(0, start), 0);
    trainRows.set(order.subarray(stop), start);
    folds.push({ trainset: Trainset.build(data, scale, trainRows), testRows: order.slice(start, stop) });
    start = stop;
  }
  return folds;
}

/** RMSE of `predict` (clipped, global mean when impossible) over the given rows, as Surprise measures it. */
export function rmse(algo: AlgoBase, data: RatingArrays, rows: Int32Array): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const err = algo.predict(data.userIds[row], data.itemIds[row]).est - data.ratings[row];
    sum += err * err;
  }
  return Math.sqrt(sum / rows.length);
}
