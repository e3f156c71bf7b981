import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmse } from '../../../src/engine/accuracy.ts';
import type { AlgoSpec } from '../../../src/engine/algorithms.ts';
import { runFoldTasks, workersPayOff } from '../../../src/engine/model-selection/fold-pool.ts';
import { predictRows, type FoldContext } from '../../../src/engine/model-selection/fold-task.ts';
import { KFold, foldRows } from '../../../src/engine/model-selection/split.ts';
import { crossValidate, crossValidateAll } from '../../../src/engine/model-selection/validation.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { ItemMean, itemMeanSpec } from './fixtures/item-mean.ts';
import { syntheticRatings } from './fixtures/synthetic-ratings.ts';

const data = syntheticRatings(60, 40, 15);
const scale = { min: 1, max: 5 };
const measureValues = (results: { folds: { measures: Record<string, number> }[] }[]) =>
  results.map((r) => r.folds.map((f) => f.measures));

describe('crossValidate in-process (jobs: 1)', () => {
  test('each fold fits on its trainset and measures on its testset', async () => {
    const result = await crossValidate(itemMeanSpec(), data, scale, { cv: 5, seed: 4, jobs: 1, measures: ['rmse', 'MAE'] });
    assert.equal(result.folds.length, 5);
    const plan = new KFold(5, { randomState: 4 }).split(data);
    for (let k = 0; k < 5; k++) {
      const { trainRows, testRows } = foldRows(plan, k);
      const algo = new ItemMean().fit(Trainset.build(data, scale, trainRows));
      assert.equal(result.folds[k].measures.rmse, rmse(predictRows(algo, data, testRows)));
    }
    const values = result.folds.map((f) => f.measures.rmse);
    const mean = values.reduce((a, b) => a + b) / 5;
    assert.equal(result.mean.rmse, mean);
    assert.ok(Math.abs(result.std.rmse - Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 5)) < 1e-15);
    assert.deepEqual(Object.keys(result.mean), ['rmse', 'mae']);
    assert.ok(result.fitS >= 0 && result.testS >= 0 && result.wallS >= result.fitS);
  });

  test('the same seed gives the same numbers to the last digit; another seed other folds', async () => {
    const options = { cv: 3, seed: 11, jobs: 1 };
    const a = await crossValidate(itemMeanSpec({ noise: 0.3, random_state: 2 }), data, scale, options);
    const b = await crossValidate(itemMeanSpec({ noise: 0.3, random_state: 2 }), data, scale, options);
    assert.deepEqual(measureValues([a]), measureValues([b]));
    const c = await crossValidate(itemMeanSpec({ noise: 0.3, random_state: 2 }), data, scale, { ...options, seed: 12 });
    assert.notDeepEqual(measureValues([a]), measureValues([c]));
  });

  test('a bad parameter fails before any fold runs, naming the parameter', async () => {
    await assert.rejects(crossValidate(itemMeanSpec({ nois: 1 }), data, scale, { jobs: 1 }), /unknown parameter "nois"/);
    await assert.rejects(crossValidate(itemMeanSpec(), data, scale, { jobs: 1, measures: ['rsme'] }), /unknown measure 'rsme'/);
  });
});

describe('crossValidate on worker threads', () => {
  const specs = [itemMeanSpec({ noise: 0.2, random_state: 1 }), itemMeanSpec({ noise: 0.2, random_state: 5 })];

  test('jobs 2 gives exactly the numbers of jobs 1, several candidates at once', async () => {
    const inProcess = await crossValidateAll(specs, data, scale, { cv: 4, jobs: 1, measures: ['rmse', 'fcp', 'ndcg@5'] });
    const parallel = await crossValidateAll(specs, data, scale, { cv: 4, jobs: 2, measures: ['rmse', 'fcp', 'ndcg@5'] });
    assert.deepEqual(measureValues(parallel), measureValues(inProcess));
    // the two candidates differ only by random_state, which each fold takes from its spec
    assert.notDeepEqual(parallel[0].folds[0].measures, parallel[1].folds[0].measures);
  });

  // The main thread claims tasks too, and on data this small it may finish them all before a worker
  // is up; `mainThreadRuns: false` makes the workers run every task. Under tsx this also checks that
  // a worker loads the .ts worker entry and the fixture's .ts module (Node 20 does not apply the
  // inherited `--import tsx` in workers, so the pool registers tsx in each).
  test('tasks run in workers (the .ts entry under tsx) give the in-process numbers', async () => {
    const plan = new KFold(3, { randomState: 0 }).split(data);
    const context: FoldContext = { data, scale, plan, specs, measures: ['rmse', 'mae'], threshold: 3.5 };
    const tasks = [0, 1, 2].flatMap((fold) => [0, 1].map((candidate) => ({ candidate, fold })));
    const inWorkers = await runFoldTasks(context, tasks, 2, { mainThreadRuns: false });
    const inProcess = await runFoldTasks(context, tasks, 1);
    assert.deepEqual(inWorkers.map((r) => r.measures), inProcess.map((r) => r.measures));
  });

  test('registry algorithms with random state give the same numbers in workers as in-process', async () => {
    const registry: AlgoSpec[] = [
      { algo: 'SVD', params: { n_factors: 8, n_epochs: 4, random_state: 3 } },
      { algo: 'KNNBaseline', params: { k: 10, sim: 'pearson_baseline' } },
      { algo: 'NormalPredictor', params: { random_state: 9 } },
    ];
    const plan = new KFold(2, { randomState: 1 }).split(data);
    const context: FoldContext = { data, scale, plan, specs: registry, measures: ['rmse', 'mae', 'fcp'], threshold: 3.5 };
    const tasks = [0, 1].flatMap((fold) => [0, 1, 2].map((candidate) => ({ candidate, fold })));
    const inWorkers = await runFoldTasks(context, tasks, 2, { mainThreadRuns: false });
    const inProcess = await runFoldTasks(context, tasks, 1);
    assert.deepEqual(inWorkers.map((r) => r.measures), inProcess.map((r) => r.measures));
  });

  test("a failure inside a worker rejects with the worker's error", async () => {
    const plan = new KFold(2).split(data);
    const context: FoldContext = { data, scale, plan, specs: [itemMeanSpec({ fail: true })], measures: ['rmse'], threshold: 3.5 };
    const tasks = [0, 1].map((fold) => ({ candidate: 0, fold }));
    await assert.rejects(runFoldTasks(context, tasks, 2, { mainThreadRuns: false }), /ItemMean was asked to fail/);
  });
});

describe('workersPayOff', () => {
  const contextOf = (specs: AlgoSpec[], nRatings: number): FoldContext => ({
    data: { userIds: new Int32Array(nRatings), itemIds: new Int32Array(nRatings), ratings: new Float32Array(nRatings) },
    scale,
    plan: new KFold(5).split(data),
    specs,
    measures: ['rmse'],
    threshold: 3.5,
  });
  const fiveFolds = [0, 1, 2, 3, 4].map((fold) => ({ candidate: 0, fold }));

  test('a linear algorithm on 100k ratings stays on the main thread; on 1M it uses workers', () => {
    assert.equal(workersPayOff(contextOf([{ algo: 'BaselineOnly' }], 100_000), fiveFolds), false);
    assert.equal(workersPayOff(contextOf([{ algo: 'baselineonly' }], 1_000_000), fiveFolds), true);
  });

  test('any costlier algorithm, or one loaded from a module, uses workers', () => {
    assert.equal(workersPayOff(contextOf([{ algo: 'SVD' }], 100_000), fiveFolds), true);
    assert.equal(workersPayOff(contextOf([{ ...itemMeanSpec(), algo: 'BaselineOnly' }], 100_000), fiveFolds), true);
  });
});
