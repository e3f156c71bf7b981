import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SERVING_SETTINGS, loadServingSettings, ServingConfigError } from '../../src/api/serving.config.ts';

test('serving settings default when unset and read whole numbers in range', () => {
  assert.deepEqual(loadServingSettings({}), DEFAULT_SERVING_SETTINGS);
  assert.deepEqual(loadServingSettings({ MODEL_POLL_SECONDS: ' 30 ', FOLD_IN_MIN_RATINGS: '1', RATINGS_CACHE_SECONDS: '0' }), {
    modelPollSeconds: 30,
    foldInMinRatings: 1,
    ratingsCacheSeconds: 0,
  });
});

test('a bad value names its variable and the range', () => {
  for (const [name, value] of [
    ['MODEL_POLL_SECONDS', '0'],
    ['MODEL_POLL_SECONDS', '1.5'],
    ['FOLD_IN_MIN_RATINGS', 'five'],
    ['RATINGS_CACHE_SECONDS', '-1'],
  ]) {
    assert.throws(
      () => loadServingSettings({ [name]: value }),
      (error: unknown) => error instanceof ServingConfigError && error.status === 400 && error.message.startsWith(`${name}: expected an integer from`),
      `${name}=${value}`,
    );
  }
});
