import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceStatsError } from '../../../src/monitoring/drift/drift.errors.ts';
import { referenceFromStats } from '../../../src/monitoring/drift/drift-reference.ts';
import { latestSmall, referenceStats } from './support/drift-data.ts';

const model = { name: 'marquee-recommender', version: '4', registeredAt: '2026-02-01T00:00:00.000Z' };
const stored = JSON.parse(JSON.stringify(referenceStats(latestSmall(), 500))) as Record<string, unknown>;

test("adapts the pipeline's stored reference statistics", () => {
  const reference = referenceFromStats(stored, model, 'reference-stats.json');
  const data = latestSmall().ratings;
  assert.deepEqual(reference.model, model);
  assert.equal(reference.counts.ratings, data.ratings.length);
  assert.equal(reference.period.to, new Date(data.timestamps.reduce((a, b) => Math.max(a, b))).toISOString());
  assert.equal(reference.ratingCounts.reduce((a, b) => a + b), data.ratings.length);
  assert.equal(reference.hourOfDay.reduce((a, b) => a + b), data.ratings.length);
  assert.equal(reference.sample.ratings.length, 500);
  assert.ok(reference.sample.userIds instanceof Int32Array);
  assert.equal(reference.holdout.rmse, 0.87);
});

test('a damaged or foreign file fails with the file and the field named', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...stored, format: 'something-else' }, /reference-stats\.json: field format: /],
    [{ ...stored, version: 2 }, /field version: /],
    [{ ...stored, hour_of_day: [1, 2, 3] }, /field hour_of_day: /],
    [{ ...stored, ratings: { values: [1, 2], counts: [5] } }, /field ratings\.counts has 1 entries for 2 values/],
    [{ ...stored, ratings: { values: [1, 7], counts: [5, 5] } }, /field ratings\.values\.1: expected a half star/],
    [{ ...stored, sample: { ...(stored.sample as object), ratings: [4] } }, /field sample\.ratings has 1 entries for 500 values/],
    [{ ...stored, holdout: { rmse: -1, mae: 0, ratings: 3 } }, /field holdout\.rmse: /],
    ['not an object', /field \(root\): /],
  ];
  for (const [stats, message] of cases) {
    assert.throws(
      () => referenceFromStats(stats, model, 'reference-stats.json'),
      (error: unknown) => error instanceof ReferenceStatsError && error.status === 409 && message.test(error.message) && /retrain/.test(error.message),
      String(message),
    );
  }
});
