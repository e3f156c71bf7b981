import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridSearch, randomizedSearch } from '../../../src/engine/model-selection/search.ts';
import { syntheticRatings } from './fixtures/synthetic-ratings.ts';

const data = syntheticRatings(60, 40, 15);
const scale = { min: 1, max: 5 };

describe('gridSearch', () => {
  test('cross-validates every combination in product order and picks the best per measure', async () => {
    const result = await gridSearch('BaselineOnly', { bsl_n_epochs: [0, 5], bsl_reg_i: [5, 10] }, data, scale, {
      cv: 3,
      jobs: 1,
      measures: ['rmse', 'fcp'],
    });
    assert.deepEqual(
      result.candidates.map((c) => c.spec.params),
      [
        { bsl_n_epochs: 0, bsl_reg_i: 5 },
        { bsl_n_epochs: 0, bsl_reg_i: 10 },
        { bsl_n_epochs: 5, bsl_reg_i: 5 },
        { bsl_n_epochs: 5, bsl_reg_i: 10 },
      ],
    );
    const rmses = result.candidates.map((c) => c.mean.rmse);
    assert.equal(result.best.rmse.score, Math.min(...rmses));
    assert.equal(result.best.rmse.params.bsl_n_epochs, 5); // biases beat the bare global mean
    assert.equal(result.best.fcp.score, Math.max(...result.candidates.map((c) => c.mean.fcp)));
  });

  test("Surprise's nested bsl_options grid is flattened", async () => {
    const result = await gridSearch('baselineonly', { bsl_options: { method: ['als', 'sgd'] } }, data, scale, { cv: 2, jobs: 1 });
    assert.deepEqual(result.candidates.map((c) => c.spec.params), [{ bsl_method: 'als' }, { bsl_method: 'sgd' }]);
  });

  test('an unknown parameter in the grid fails, naming it', async () => {
    await assert.rejects(gridSearch('BaselineOnly', { n_factors: [10] }, data, scale, { cv: 2, jobs: 1 }), /unknown parameter "n_factors"/);
  });
});

describe('randomizedSearch', () => {
  test('with lists only, draws distinct grid points, the same for the same seed', async () => {
    const grid = { bsl_reg_u: [5, 10, 15], bsl_reg_i: [5, 10] };
    const options = { cv: 2, jobs: 1, nIter: 4, randomState: 3 };
    const a = await randomizedSearch('BaselineOnly', grid, data, scale, options);
    const b = await randomizedSearch('BaselineOnly', grid, data, scale, options);
    const keys = a.candidates.map((c) => JSON.stringify(c.spec.params));
    assert.equal(new Set(keys).size, 4);
    assert.deepEqual(keys, b.candidates.map((c) => JSON.stringify(c.spec.params)));
    await assert.rejects(randomizedSearch('BaselineOnly', grid, data, scale, { ...options, nIter: 7 }), /exceeds the 6 points/);
  });

  test('draws continuous and integer ranges within bounds', async () => {
    const result = await randomizedSearch(
      'BaselineOnly',
      { bsl_method: ['sgd'], bsl_learning_rate: { loguniform: [0.001, 0.01] }, bsl_n_epochs: { randint: [3, 6] } },
      data,
      scale,
      { cv: 2, jobs: 1, nIter: 5 },
    );
    for (const { spec } of result.candidates) {
      const { bsl_learning_rate: lr, bsl_n_epochs: epochs } = spec.params as { bsl_learning_rate: number; bsl_n_epochs: number };
      assert.ok(lr >= 0.001 && lr < 0.01, `learning rate ${lr}`);
      assert.ok(Number.isInteger(epochs) && epochs >= 3 && epochs < 6, `epochs ${epochs}`);
    }
  });
});
