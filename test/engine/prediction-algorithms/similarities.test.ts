import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBaselines } from '../../../src/engine/prediction-algorithms/baselines.ts';
import {
  computeSimilarities,
  similarity,
  type SimilarityOptions,
} from '../../../src/engine/prediction-algorithms/similarities.ts';
import type { PairMatrix } from '../../../src/engine/prediction-algorithms/pair-matrix.ts';
import { handTrainset, randomTrainset } from './neighbourhood-fixture.ts';

const ts = handTrainset();
const user = (raw: number) => ts.innerUser(raw);
const item = (raw: number) => ts.innerItem(raw);
const USER_MSD: SimilarityOptions = { name: 'msd', userBased: true, minSupport: 1, shrinkage: 100 };

function close(actual: number, expected: number, what: string, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: ${actual} ≠ ${expected}`);
}

function userSim(sims: PairMatrix, a: number, b: number): number {
  const s = similarity(sims, user(a), user(b));
  assert.equal(similarity(sims, user(b), user(a)), s, `sim(u${a}, u${b}) is symmetric`);
  return s;
}

describe('user-based similarities, by hand on the 5 × 5 matrix', () => {
  test('msd = 1 / (mean squared difference over common items + 1)', () => {
    const sims = computeSimilarities(ts, USER_MSD);
    close(userSim(sims, 1, 2), 2 / 3, 'u1 u2'); // i1 (5, 4), i4 (1, 1): (1 + 0) / 2 → 1 / 1.5
    close(userSim(sims, 1, 4), 2 / 15, 'u1 u4'); // i2 (3, 1), i4 (1, 4): (4 + 9) / 2 → 1 / 7.5
    close(userSim(sims, 1, 5), 1 / 10, 'u1 u5'); // i1 (5, 2): 9 → 1 / 10
    close(userSim(sims, 2, 3), 3 / 32, 'u2 u3'); // i1 (4, 1), i4 (1, 5), i5 (2, 4): 29 / 3 → 3 / 32
    assert.equal(userSim(sims, 3, 3), 1, 'the diagonal');
  });

  test('min_support: pairs with fewer common items get 0', () => {
    const sims = computeSimilarities(ts, { ...USER_MSD, minSupport: 3 });
    assert.equal(userSim(sims, 1, 2), 0); // 2 common items
    close(userSim(sims, 2, 3), 3 / 32, 'u2 u3'); // 3 common items
  });

  test('cosine = Σ r·r′ / √(Σ r² Σ r′²)', () => {
    const sims = computeSimilarities(ts, { ...USER_MSD, name: 'cosine' });
    close(userSim(sims, 1, 2), 21 / Math.sqrt(26 * 17), 'u1 u2'); // 5·4 + 1·1 / √((25 + 1)(16 + 1))
    close(userSim(sims, 1, 4), 7 / Math.sqrt(10 * 17), 'u1 u4'); // 3·1 + 1·4 / √((9 + 1)(1 + 16))
    close(userSim(sims, 1, 5), 1, 'u1 u5'); // one common item: always 1
  });

  test('pearson centres on the means of the common ratings; 0 when a variance is 0', () => {
    const sims = computeSimilarities(ts, { ...USER_MSD, name: 'pearson' });
    // u1 u2: n = 2, Σxy = 21, Σx = 6, Σy = 5, Σx² = 26, Σy² = 17:
    // (2·21 − 6·5) / √((2·26 − 36)(2·17 − 25)) = 12 / √(16·9) = 1
    close(userSim(sims, 1, 2), 1, 'u1 u2');
    // u1 u4: (2·7 − 4·5) / √((2·10 − 16)(2·17 − 25)) = −6 / 6 = −1: negative, so not kept (0)
    assert.equal(userSim(sims, 1, 4), 0);
    assert.equal(userSim(sims, 1, 5), 0); // one common item: the denominator is 0
    // u2 u4: i3 (4, 5), i4 (1, 4): (2·24 − 5·9) / √((2·17 − 25)(2·41 − 81)) = 3 / 3 = 1
    close(userSim(sims, 2, 4), 1, 'u2 u4');
  });

  test('pearson_baseline correlates the residuals r − (μ + b_u + b_i) and shrinks by (n − 1)/(n − 1 + λ)', () => {
    // ALS, one epoch (see baselines.test.ts): b_u1 = 23/1092, b_u2 = −239/3458, b_i1 = 0, b_i4 = −1/14.
    const baselines = computeBaselines(ts, {
      method: 'als', n_epochs: 1, reg_u: 15, reg_i: 10, reg: 0.02, learning_rate: 0.005,
    });
    // u1 u2 on i1, i4: e(u1, i1) = 2 − 23/1092 = 2161/1092, e(u1, i4) = −2 − 23/1092 + 1/14 = −2129/1092,
    // e(u2, i1) = 1 + 239/3458 = 3697/3458, e(u2, i4) = −2 + 239/3458 + 1/14 = −3215/1729.
    // ρ = Σ e e′ / √(Σ e² Σ e′²) = 5.740971 / √(7.717266 · 4.600585) = 0.9634897
    const unshrunk = computeSimilarities(ts, { ...USER_MSD, name: 'pearson_baseline', shrinkage: 0 }, baselines);
    close(userSim(unshrunk, 1, 2), 0.9634897, 'u1 u2, shrinkage 0');
    const shrunk = computeSimilarities(ts, { ...USER_MSD, name: 'pearson_baseline' }, baselines);
    close(userSim(shrunk, 1, 2), 0.9634897 * (1 / 101), 'u1 u2, shrinkage 100'); // n = 2
    // one common item: below the support of 2 that pearson_baseline requires
    assert.equal(userSim(shrunk, 1, 5), 0);
    const supported = computeSimilarities(ts, { ...USER_MSD, name: 'pearson_baseline', minSupport: 3 }, baselines);
    assert.equal(userSim(supported, 1, 2), 0);
  });
});

test('item-based similarities compare items over their common users', () => {
  const sims = computeSimilarities(ts, { ...USER_MSD, userBased: false });
  // i1 i4: u1 (5, 1), u2 (4, 1), u3 (1, 5): (16 + 9 + 16) / 3 → 1 / (41/3 + 1) = 3/44
  close(similarity(sims, item(1), item(4)), 3 / 44, 'i1 i4');
  // i3 i1: u2 (4, 4), u5 (3, 2): 1/2 → 2/3
  close(similarity(sims, item(3), item(1)), 2 / 3, 'i3 i1');
});

test('the stored rows are sorted, symmetric and hold only positive similarities', () => {
  const random = randomTrainset(7, 40, 60, 0.3);
  for (const name of ['msd', 'cosine', 'pearson'] as const) {
    const sims = computeSimilarities(random, { ...USER_MSD, name, userBased: false });
    for (let a = 0; a < sims.size; a++) {
      for (let p = sims.offsets[a]; p < sims.offsets[a + 1]; p++) {
        const b = sims.index[p];
        assert.ok(p === sims.offsets[a] || sims.index[p - 1] < b, `${name}: row ${a} sorted`);
        assert.ok(sims.values[p] > 0, `${name}: positive`);
        assert.equal(similarity(sims, b, a), sims.values[p], `${name}: symmetric`);
      }
    }
  }
});
