import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MlflowError } from '../../../../src/tracking/mlflow-error.ts';
import { parseFilter } from '../../../../src/tracking/server/search/filter-parser.ts';

test('an empty filter has no comparisons', () => {
  assert.deepEqual(parseFilter(undefined), []);
  assert.deepEqual(parseFilter('   '), []);
});

test('metrics, params, tags and attributes joined by AND (any case)', () => {
  assert.deepEqual(parseFilter("metrics.rmse < 1 and params.alpha = '0.5' AND tags.stage != \"dev\" and status = 'FINISHED'"), [
    { kind: 'metric', key: 'rmse', comparator: '<', value: 1 },
    { kind: 'param', key: 'alpha', comparator: '=', value: '0.5' },
    { kind: 'tag', key: 'stage', comparator: '!=', value: 'dev' },
    { kind: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
  ]);
});

test('quoted keys, dotted keys, LIKE, IN and negative or exponent numbers', () => {
  assert.deepEqual(parseFilter("tags.`mlflow.parentRunId` = 'abc'"), [{ kind: 'tag', key: 'mlflow.parentRunId', comparator: '=', value: 'abc' }]);
  assert.deepEqual(parseFilter('tags."my tag" LIKE \'a%\''), [{ kind: 'tag', key: 'my tag', comparator: 'LIKE', value: 'a%' }]);
  assert.deepEqual(parseFilter("tags.mlflow.runName ILIKE '%svd%'"), [{ kind: 'tag', key: 'mlflow.runName', comparator: 'ILIKE', value: '%svd%' }]);
  assert.deepEqual(parseFilter("run_id IN ('a', 'b') and attributes.run_id NOT IN ('c')"), [
    { kind: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] },
    { kind: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['c'] },
  ]);
  assert.deepEqual(parseFilter('metrics.loss >= -1.5e-3'), [{ kind: 'metric', key: 'loss', comparator: '>=', value: -0.0015 }]);
  assert.deepEqual(parseFilter("name='ts-ref-model'"), [{ kind: 'attribute', key: 'name', comparator: '=', value: 'ts-ref-model' }]);
  assert.deepEqual(parseFilter("params.quote = 'it\\'s'"), [{ kind: 'param', key: 'quote', comparator: '=', value: "it's" }]);
});

test('malformed filters are MLflow 400s naming the problem', () => {
  const cases: [string, RegExp][] = [
    ['metrics.rmse < 1 or metrics.mae < 1', /joined by AND/],
    ["widgets.size = '1'", /Invalid entity type 'widgets'/],
    ["params.alpha = 'open", /unterminated quote/],
    ['metrics.rmse 1', /expected a comparator/],
    ['metrics.rmse <', /expected a quoted string or a number/],
    ["run_id IN 'a'", /IN expects a list/],
    ['metrics.rmse < 1 ;', /unexpected character ';'/],
  ];
  for (const [filter, message] of cases) {
    assert.throws(
      () => parseFilter(filter),
      (e: unknown) => e instanceof MlflowError && e.status === 400 && e.errorCode === 'INVALID_PARAMETER_VALUE' && message.test(e.message),
      filter,
    );
  }
});
