/**
 * Top-N on ml-latest-small with SVD.
 *
 * 1. Timing: SVD fitted on all ratings, then the top 10 unrated items for random users, one
 *    `TopNRanker.rank` call each: median / p95 / p99 / mean per call. Surprise's figure for the same
 *    question (a `predict` per unrated item, then a sort) is in
 *    /work/shared/reference/surprise-on-this-machine.md.
 * 2. Quality of full top-N lists: each user's latest rating held out (leave-last-out), SVD fitted on
 *    the rest; hit rate@10 (is the held-out movie among the 10 shown?) and catalogue coverage.
 *
 *   node --import tsx bench/topn.ts [--json]
 */
import { fileURLToPath } from 'node:url';
import { readRatingsFile } from '../src/data/movielens/read-ratings-file.ts';
import { LeaveLastOut, foldRows } from '../src/engine/model-selection/split.ts';
import { SVD } from '../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Random } from '../src/engine/random.ts';
import { catalogueCoverage, topNHitRate } from '../src/engine/ranking-metrics.ts';
import { TopNRanker } from '../src/engine/top-n.ts';
import { Trainset, type RatingArrays } from '../src/engine/trainset.ts';

const CALLS = 1000;
const WARMUP = 50;
const N = 10;
const SCALE = { min: 0.5, max: 5 };

const file = fileURLToPath(new URL('../data/ml-latest-small/ratings.csv', import.meta.url));
const data = await readRatingsFile(file);

function timing(data: RatingArrays) {
  const trainset = Trainset.build(data, SCALE);
  const fitStart = performance.now();
  const ranker = new TopNRanker(new SVD({ random_state: 0 }).fit(trainset));
  const fitMs = performance.now() - fitStart;
  const rng = new Random(0);
  for (let k = 0; k < WARMUP; k++) ranker.rank(rng.int(trainset.nUsers), N);
  const times = new Float64Array(CALLS);
  for (let k = 0; k < CALLS; k++) {
    const u = rng.int(trainset.nUsers);
    const start = performance.now();
    ranker.rank(u, N);
    times[k] = performance.now() - start;
  }
  times.sort();
  const quantile = (q: number) => times[Math.min(CALLS - 1, Math.floor(q * CALLS))];
  const mean = times.reduce((s, t) => s + t, 0) / CALLS;
  return { items: trainset.nItems, fit_ms: fitMs, median_ms: quantile(0.5), p95_ms: quantile(0.95), p99_ms: quantile(0.99), mean_ms: mean };
}

function leaveLastOut(data: RatingArrays) {
  const { trainRows, testRows } = foldRows(new LeaveLastOut({ minNRatings: 1 }).split(data), 0);
  const trainset = Trainset.build(data, SCALE, trainRows);
  const ranker = new TopNRanker(new SVD({ random_state: 0 }).fit(trainset));
  const lists = new Map<number, Int32Array>();
  for (let u = 0; u < trainset.nUsers; u++) {
    lists.set(trainset.rawUserIds[u], Int32Array.from(ranker.rank(u, N).items, (i) => trainset.rawItemIds[i]));
  }
  const heldOut = { uids: testRows.map((row) => data.userIds[row]), iids: testRows.map((row) => data.itemIds[row]) };
  return { users: testRows.length, hit_rate: topNHitRate(lists, heldOut), coverage: catalogueCoverage(lists.values(), trainset.nItems) };
}

const summary = { ...timing(data), ...leaveLastOut(data) };
if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
else {
  console.log(`SVD fit on all ${data.ratings.length} ratings: ${summary.fit_ms.toFixed(0)} ms`);
  console.log(
    `top-${N} over ${summary.items} items, ${CALLS} random users: median ${summary.median_ms.toFixed(3)} ms, ` +
      `p95 ${summary.p95_ms.toFixed(3)} ms, p99 ${summary.p99_ms.toFixed(3)} ms, mean ${summary.mean_ms.toFixed(3)} ms per call`,
  );
  console.log(
    `leave-last-out, ${summary.users} users: hit rate@${N} ${(summary.hit_rate * 100).toFixed(1)}%, ` +
      `catalogue coverage of the top-${N} lists ${(summary.coverage * 100).toFixed(1)}%`,
  );
}
