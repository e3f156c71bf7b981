/**
 * Properties of the neighbourhood algorithms on random half-star data: every prediction inside the
 * rating scale, `scoreAll` equal to `estimate`, a restored model predicting exactly as the fitted
 * one, and the KNN estimates equal to a naive transcription of Surprise's code (similarities computed
 * pair by pair, neighbours sorted stably — which is `heapq.nlargest`'s order).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlgoBase, Params } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { PredictionImpossible } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { computeBaselines, type Baselines } from '../../../src/engine/prediction-algorithms/baselines.ts';
import { CoClustering } from '../../../src/engine/prediction-algorithms/co-clustering.ts';
import { KNNBaseline, KNNBasic, KNNWithMeans, KNNWithZScore } from '../../../src/engine/prediction-algorithms/knns.ts';
import { SlopeOne } from '../../../src/engine/prediction-algorithms/slope-one.ts';
import type { Trainset } from '../../../src/engine/trainset.ts';
import { randomTrainset } from './neighbourhood-fixture.ts';

type Make = (params: Params) => AlgoBase;
const KNN: Record<string, Make> = {
  KNNBasic: (p) => new KNNBasic(p),
  KNNWithMeans: (p) => new KNNWithMeans(p),
  KNNWithZScore: (p) => new KNNWithZScore(p),
  KNNBaseline: (p) => new KNNBaseline(p),
};
const SIMS = ['msd', 'cosine', 'pearson', 'pearson_baseline'];

const cases: [string, () => AlgoBase][] = [
  ['BaselineOnly', () => new BaselineOnly()],
  ['BaselineOnly sgd', () => new BaselineOnly({ bsl_method: 'sgd' })],
  ['SlopeOne', () => new SlopeOne()],
  ['CoClustering', () => new CoClustering({ random_state: 5 })],
];
for (const [name, make] of Object.entries(KNN)) {
  for (const sim of SIMS) {
    for (const userBased of [true, false]) {
      const params = { sim, user_based: userBased, k: 5, min_k: 2 };
      cases.push([`${name} ${JSON.stringify(params)}`, () => make(params)]);
    }
  }
}

/** `estimate(u, i)`, or NaN where it is impossible. */
function estimateOrNaN(algo: AlgoBase, u: number, i: number): number {
  try {
    const e = algo.estimate(u, i);
    return typeof e === 'number' ? e : e.est;
  } catch (error) {
    if (!(error instanceof PredictionImpossible)) throw error;
    return Number.NaN;
  }
}

function estimates(algo: AlgoBase, ts: Trainset, u: number): Float64Array {
  return Float64Array.from({ length: ts.nItems }, (_, i) => estimateOrNaN(algo, u, i));
}

describe('every algorithm on random data', () => {
  const ts = randomTrainset(11, 30, 45, 0.35);
  for (const [name, make] of cases) {
    test(name, () => {
      const algo = make().fit(ts);
      const restored = make().restore(ts, algo.learnedArrays());
      const scores = new Float64Array(ts.nItems);
      for (let u = 0; u < ts.nUsers; u++) {
        algo.scoreAll(u, scores);
        assert.deepEqual(scores, estimates(algo, ts, u), `scoreAll(${u}) = estimate`);
        for (let i = 0; i < ts.nItems; i++) {
          const p = algo.predict(ts.rawUserIds[u], ts.rawItemIds[i]);
          assert.ok(p.est >= 0.5 && p.est <= 5, `${p.est} in the scale`);
          assert.deepEqual(restored.predict(ts.rawUserIds[u], ts.rawItemIds[i]), p);
        }
      }
      for (const [u, i] of [[-5, 1], [1, -5], [-5, -5]]) {
        const p = algo.predict(u, i);
        assert.ok(p.est >= 0.5 && p.est <= 5);
        assert.deepEqual(restored.predict(u, i), p);
      }
    });
  }
});

/** Surprise's KNN estimate, transcribed naively from knns.py and similarities.pyx. */
function surpriseEstimate(variant: string, params: { sim: string; user_based: boolean; k: number; min_k: number }, ts: Trainset, baselines: Baselines, u: number, i: number): number {
  const ub = params.user_based;
  const [x, y] = ub ? [u, i] : [i, u];
  const xr = ub ? ts.ur : ts.ir;
  const yr = ub ? ts.ir : ts.ur;
  const [bx, by] = ub ? [baselines.bu, baselines.bi] : [baselines.bi, baselines.bu];
  const row = (a: number) => {
    const m = new Map<number, number>();
    for (let p = xr.offsets[a]; p < xr.offsets[a + 1]; p++) m.set(xr.index[p], xr.ratings[p]);
    return m;
  };
  const sim = (a: number, b: number): number => {
    if (a === b) return 1;
    const ra = row(a);
    const rb = row(b);
    const common = [...ra.keys()].filter((c) => rb.has(c));
    const n = common.length;
    let s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
    for (const c of common) {
      let ri = ra.get(c)!;
      let rj = rb.get(c)!;
      if (params.sim === 'pearson_baseline') {
        ri -= ts.globalMean + bx[a] + by[c];
        rj -= ts.globalMean + bx[b] + by[c];
      }
      s1 += params.sim === 'msd' ? (ri - rj) ** 2 : ri * rj;
      s2 += ri * ri;
      s3 += rj * rj;
      s4 += ri;
      s5 += rj;
    }
    if (n < (params.sim === 'pearson_baseline' ? 2 : 1)) return 0;
    switch (params.sim) {
      case 'msd': return 1 / (s1 / n + 1);
      case 'cosine': return s1 / Math.sqrt(s2 * s3);
      case 'pearson': {
        const d = Math.sqrt((n * s2 - s4 * s4) * (n * s3 - s5 * s5));
        return d === 0 ? 0 : (n * s1 - s4 * s5) / d;
      }
      default: return ((s1 / Math.sqrt(s2 * s3)) * (n - 1)) / (n - 1 + 100);
    }
  };
  const mean = (a: number) => [...row(a).values()].reduce((s, r) => s + r, 0) / row(a).size;
  const sigma = (a: number) => {
    const m = mean(a);
    const s = Math.sqrt([...row(a).values()].reduce((t, r) => t + (r - m) ** 2, 0) / row(a).size);
    const all = [...ts.ur.ratings];
    return s === 0 ? Math.sqrt(all.reduce((t, r) => t + (r - ts.globalMean) ** 2, 0) / all.length) : s;
  };
  const neighbours: [number, number, number][] = [];
  for (let p = yr.offsets[y]; p < yr.offsets[y + 1]; p++) neighbours.push([yr.index[p], Math.fround(sim(x, yr.index[p])), yr.ratings[p]]);
  neighbours.sort((a, b) => b[1] - a[1]); // stable: earlier first among equals
  let sumSim = 0, sum = 0, actualK = 0;
  for (const [nb, s, r] of neighbours.slice(0, params.k)) {
    if (!(s > 0)) continue;
    sumSim += s;
    actualK++;
    if (variant === 'KNNBasic') sum += s * r;
    else if (variant === 'KNNWithMeans') sum += s * (r - mean(nb));
    else if (variant === 'KNNWithZScore') sum += (s * (r - mean(nb))) / sigma(nb);
    else sum += s * (r - (ts.globalMean + bx[nb] + by[y]));
  }
  const enough = actualK >= params.min_k && sumSim > 0;
  if (variant === 'KNNBasic') return enough ? sum / sumSim : Number.NaN;
  if (variant === 'KNNWithMeans') return mean(x) + (enough ? sum / sumSim : 0);
  if (variant === 'KNNWithZScore') return mean(x) + (enough ? (sum / sumSim) * sigma(x) : 0);
  return ts.globalMean + bx[x] + by[y] + (enough ? sum / sumSim : 0);
}

describe('the KNN estimates equal a naive transcription of Surprise', () => {
  // 3,502 items rated: item-based models take the sparse paths (no dense table beyond 2,896 rows): the
  // five heavy users' candidates are looked up in a spread row, most light users' by binary search.
  const datasets: [string, Trainset][] = [
    ['30 × 45', randomTrainset(3, 30, 45, 0.35)],
    ['305 × 6000', randomTrainset(4, 305, 6000, (u) => (u <= 5 ? 0.08 : 0.0015))],
  ];
  for (const [label, ts] of datasets) {
    const baselines = computeBaselines(ts, {
      method: 'als', n_epochs: 10, reg_u: 15, reg_i: 10, reg: 0.02, learning_rate: 0.005,
    });
    for (const variant of Object.keys(KNN)) {
      test(`${variant}, ${label}`, () => {
        for (const sim of SIMS) {
          for (const userBased of [true, false]) {
            const params = { sim, user_based: userBased, k: 3, min_k: 2 };
            const algo = KNN[variant](params).fit(ts);
            for (let t = 0; t < 50; t++) {
              const u = (t * 7) % ts.nUsers;
              const i = (t * 131) % ts.nItems;
              const ours = estimateOrNaN(algo, u, i);
              const theirs = surpriseEstimate(variant, params, ts, baselines, u, i);
              const same = Number.isNaN(theirs) ? Number.isNaN(ours) : Math.abs(ours - theirs) < 1e-6;
              assert.ok(same, `${sim} ${userBased ? 'user' : 'item'} (${u}, ${i}): ${ours} vs ${theirs}`);
            }
          }
        }
      });
    }
  }
});
