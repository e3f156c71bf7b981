import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TrainingConfigError } from '../../src/pipeline/errors.ts';
import { loadTrainingSettings } from '../../src/pipeline/training.config.ts';

/** Rejects with a TrainingConfigError whose field and message are as given. */
async function rejectsWith(promise: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TrainingConfigError, String(error));
    assert.equal(error.field, field);
    assert.match(error.message, message);
    assert.ok(error.message.startsWith(`${field}: `), error.message);
    return true;
  });
}

describe('training settings', () => {
  test('defaults: the three candidates of the original design, 3 folds, 20% held out', async () => {
    const s = await loadTrainingSettings({});
    assert.equal(s.modelName, 'marquee-recommender');
    assert.equal(s.experimentName, 'marquee-training');
    assert.deepEqual(
      s.candidates.map((c) => [c.name, c.algo, c.params]),
      [
        ['SVD', 'SVD', {}],
        ['KNNBaseline', 'KNNBaseline', { sim: 'pearson_baseline', user_based: false }],
        ['BaselineOnly', 'BaselineOnly', {}],
      ],
    );
    assert.deepEqual([s.folds, s.holdout, s.seed, s.margin], [3, 0.2, 0, 0.001]);
    assert.deepEqual(s.filters, { minUserRatings: 0, minMovieRatings: 0, from: undefined, to: undefined, sample: undefined });
  });

  test('file < environment < overrides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-training-config-'));
    try {
      const file = join(dir, 'training.json');
      writeFileSync(file, JSON.stringify({ margin: 0.01, folds: 5, filters: { min_user_ratings: 3, sample: 0.5 }, model_name: 'from-file' }));
      const s = await loadTrainingSettings(
        { TRAINING_CONFIG: file, TRAINING_MARGIN: '0.02', TRAINING_MIN_MOVIE_RATINGS: '4', TRAINING_FROM: '2010-01-01T00:00:00Z' },
        { margin: 0.03, filters: { sample: 1000 }, candidates: [{ algo: 'svd', name: 'small', params: { n_factors: 10 } }] },
      );
      assert.equal(s.margin, 0.03);
      assert.equal(s.folds, 5);
      assert.equal(s.modelName, 'from-file');
      assert.deepEqual(s.filters, { minUserRatings: 3, minMovieRatings: 4, from: new Date('2010-01-01T00:00:00Z'), to: undefined, sample: 1000 });
      assert.deepEqual(s.candidates, [{ name: 'small', algo: 'SVD', params: { n_factors: 10 } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('TRAINING_CANDIDATES: JSON with nested Surprise options and a search', async () => {
    const s = await loadTrainingSettings({
      TRAINING_CANDIDATES: JSON.stringify([
        { algo: 'KNNWithMeans', params: { k: 20, sim_options: { name: 'cosine', user_based: false } } },
        { algo: 'SVD', search: { method: 'grid', grid: { n_factors: [10, 20], lr_all: [0.005] } } },
        { algo: 'SVD', name: 'svd-random', search: { method: 'random', distributions: { reg_all: { loguniform: [0.01, 0.1] } }, n_iter: 3 } },
      ]),
    });
    assert.deepEqual(s.candidates[0], { name: 'KNNWithMeans', algo: 'KNNWithMeans', params: { k: 20, sim: 'cosine', user_based: false } });
    assert.deepEqual(s.candidates[1].search, { method: 'grid', grid: { n_factors: [10, 20], lr_all: [0.005] } });
    assert.deepEqual(s.candidates[2].search, { method: 'random', distributions: { reg_all: { loguniform: [0.01, 0.1] } }, nIter: 3, randomState: 0 });
  });

  test('errors name the variable, the file field or the override', async () => {
    await rejectsWith(loadTrainingSettings({ TRAINING_MARGIN: 'abc' }), 'TRAINING_MARGIN', /expected a number/);
    await rejectsWith(loadTrainingSettings({ TRAINING_FOLDS: '1' }), 'TRAINING_FOLDS', />=2|2/);
    await rejectsWith(loadTrainingSettings({ TRAINING_FROM: 'yesterday' }), 'TRAINING_FROM', /ISO 8601/);
    await rejectsWith(loadTrainingSettings({ TRAINING_CANDIDATES: '[{' }), 'TRAINING_CANDIDATES', /not valid JSON/);
    await rejectsWith(loadTrainingSettings({ TRAINING_CANDIDATES: '[{"algo":"SVD","bogus":1}]' }), 'TRAINING_CANDIDATES[0]', /bogus/);
    await rejectsWith(loadTrainingSettings({ TRAINING_CANDIDATES: '[{"algo":"nope"}]' }), 'TRAINING_CANDIDATES[0].algo', /unknown algorithm "nope"/);
    await rejectsWith(
      loadTrainingSettings({ TRAINING_CANDIDATES: '[{"algo":"SVD","params":{"n_factor":5}}]' }),
      'TRAINING_CANDIDATES[0].params',
      /unknown parameter "n_factor"/,
    );
    await rejectsWith(loadTrainingSettings({ TRAINING_CANDIDATES: '[{"algo":"SVD"},{"algo":"svd"}]' }), 'TRAINING_CANDIDATES[1].name', /two candidates are named "SVD"/);
    await rejectsWith(
      loadTrainingSettings({}, { candidates: [{ algo: 'SVD', search: { method: 'grid', grid: { k: [1, 2] } } }] }),
      'overrides.candidates[0].search',
      /SVD has no parameter "k"/,
    );
    await rejectsWith(loadTrainingSettings({}, { filters: { sample: 1.5 } }), 'overrides.filters.sample', /fraction in \(0, 1\) or a whole count/);
    await rejectsWith(loadTrainingSettings({}, { margin: -1 }), 'overrides.margin', /.+/);
    await rejectsWith(loadTrainingSettings({}, { shuffle: true }), 'overrides', /shuffle/);
    await rejectsWith(
      loadTrainingSettings({}, { filters: { from: '2020-01-01T00:00:00Z', to: '2019-01-01T00:00:00Z' } }),
      'filters.from',
      /"from" must be before "to"/,
    );
    await rejectsWith(loadTrainingSettings({ TRAINING_CONFIG: '/nonexistent/training.json' }), 'TRAINING_CONFIG', /cannot read JSON file/);
  });
});
