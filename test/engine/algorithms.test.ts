import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  algorithmConstructor,
  algorithmNames,
  canonicalName,
  createAlgorithm,
  defaultParams,
  parseParams,
} from '../../src/engine/algorithms.ts';

const SURPRISE_NAMES = [
  'SVD', 'SVDpp', 'NMF', 'SlopeOne', 'KNNBasic', 'KNNWithMeans', 'KNNWithZScore', 'KNNBaseline',
  'CoClustering', 'BaselineOnly', 'NormalPredictor', 'Popularity',
];

describe('algorithm registry', () => {
  test('every Surprise name, in any case, builds the algorithm of that name', async () => {
    assert.deepEqual([...algorithmNames()].sort(), [...SURPRISE_NAMES].sort());
    for (const name of SURPRISE_NAMES) {
      assert.equal(canonicalName(name.toLowerCase()), name);
      assert.equal((await createAlgorithm({ algo: name.toUpperCase() })).name, name);
    }
    const construct = await algorithmConstructor();
    assert.equal(construct('knnbaseline', { k: 7 }).params.k, 7);
  });

  test('an unknown algorithm is named in the error, with the known ones', async () => {
    assert.throws(() => canonicalName('SVD+'), /unknown algorithm "SVD\+" \(known: SVD, SVDpp/);
    await assert.rejects(createAlgorithm({ algo: 'kmeans' }), /unknown algorithm "kmeans"/);
  });
});

describe('parsing Surprise-named parameters', () => {
  test('values take the type of the default; nested sim_options / bsl_options flatten', async () => {
    const defaults = await defaultParams({ algo: 'KNNBaseline' });
    const params = parseParams('KNNBaseline', defaults, [
      'k=20',
      'sim_options.name=pearson_baseline',
      'sim_options.user_based=False',
      'shrinkage=50.5',
      'bsl_options.method=sgd',
      'bsl_options.learning_rate=0.007',
    ]);
    assert.deepEqual(params, {
      k: 20,
      sim: 'pearson_baseline',
      user_based: false,
      shrinkage: 50.5,
      bsl_method: 'sgd',
      bsl_learning_rate: 0.007,
    });
    const algo = await createAlgorithm({ algo: 'KNNBaseline', params });
    assert.equal(algo.params.sim, 'pearson_baseline');
  });

  test('an unknown parameter or a value of the wrong type names the parameter', async () => {
    const defaults = await defaultParams({ algo: 'SVD' });
    assert.throws(() => parseParams('SVD', defaults, ['n_factor=5']), /SVD: unknown parameter "n_factor" \(known: n_factors,/);
    assert.throws(() => parseParams('SVD', defaults, ['n_factors=five']), /SVD: parameter "n_factors" must be a number, got "five"/);
    assert.throws(() => parseParams('SVD', defaults, ['biased=maybe']), /parameter "biased" must be true or false/);
    assert.throws(() => parseParams('SVD', defaults, ['n_factors']), /not of the form key=value/);
  });
});
