import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures, type NumericSample } from '../../../src/monitoring/drift/drift-features.ts';
import { ks2samp } from '../../../src/monitoring/drift/statistics/index.ts';
import { createMetrics } from '../../../src/monitoring/metrics.ts';
import { parseExposition } from '../metrics-exposition.ts';
import { driftHarness } from './support/drift-harness.ts';
import { driftReference, latestSmall, resampled, shifted } from './support/drift-data.ts';

const data = latestSmall();
const reference = driftReference(data);

describe('drift check on ml-latest-small', () => {
  test('windows resampled from the training ratings show no drift in at least 95 % of 40 seeded trials', async () => {
    let detected = 0;
    const shares: number[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const harness = driftHarness({ reference, current: resampled(data, 2000, 100 + trial, reference) });
      try {
        const answer = await harness.service.check();
        assert.equal(answer.status, 'ok');
        if (answer.drift_detected) detected++;
        shares.push(answer.share_drifted ?? NaN);
      } finally {
        harness.close();
      }
    }
    console.log(`# no-drift trials: drift detected in ${detected} of 40; mean share of drifted features ${(shares.reduce((a, b) => a + b) / 40).toFixed(3)}`);
    assert.ok(detected <= 2, `drift detected in ${detected} of 40 trials`);
  });

  test('a deliberately shifted window is found to drift, with the shifted features named', async () => {
    for (const seed of [1, 2, 3]) {
      const harness = driftHarness({ reference, current: shifted(data, 2000, seed) });
      try {
        const answer = await harness.service.check();
        assert.equal(answer.drift_detected, true);
        assert.ok((answer.share_drifted ?? 0) >= 0.5);
        const drifted = new Set(answer.features.filter((f) => f.drifted).map((f) => f.feature));
        for (const feature of ['rating', 'movie_popularity', 'hour_of_day', 'ratings_per_user'] as const) assert.ok(drifted.has(feature), `${feature} should drift`);
      } finally {
        harness.close();
      }
    }
  });

  test('the KS p-values reported are those of the statistics module on the same samples', async () => {
    for (const current of [resampled(data, 1500, 7, reference), shifted(data, 1500, 7)]) {
      const harness = driftHarness({ reference, current });
      try {
        const answer = await harness.service.check();
        const ks = answer.features.filter((f) => f.test === 'ks');
        assert.deepEqual(ks.map((f) => f.feature), ['rating', 'ratings_per_user', 'ratings_per_movie', 'movie_popularity']);
        const rating = ks2samp(reference.sample.ratings, current.ratings.ratings);
        assert.equal(ks[0].p_value, rating.pValue);
        assert.equal(ks[0].statistic, rating.statistic);
        // The other samples are derived (thinned, looked up); the service's seed gives the same ones again.
        const { samples } = extractFeatures(reference, current, 20_240_601);
        for (const f of ks) {
          const sample = samples.find((s): s is NumericSample => s.feature === f.feature && s.kind === 'numeric');
          assert.ok(sample, f.feature);
          const expected = ks2samp(sample.reference, sample.current);
          assert.equal(f.p_value, expected.pValue, f.feature);
          assert.equal(f.statistic, expected.statistic, f.feature);
        }
      } finally {
        harness.close();
      }
    }
  });

  test('too few current ratings answer insufficient_data with the counts, no verdict, no report, no metrics', async () => {
    const harness = driftHarness({ reference, current: resampled(data, 99, 5, reference) });
    try {
      const answer = await harness.service.check();
      assert.equal(answer.status, 'insufficient_data');
      assert.equal(answer.drift_detected, null);
      assert.equal(answer.share_drifted, null);
      assert.equal(answer.current.ratings, 99);
      assert.equal(answer.reference.ratings, data.ratings.ratings.length);
      assert.match(answer.message ?? '', /99 current ratings .*at least 100/);
      assert.deepEqual(answer.features, []);
      assert.equal(answer.report_url, null);
      assert.deepEqual(await harness.store.list(), []);
      assert.deepEqual(harness.observations, []);
    } finally {
      harness.close();
    }
  });

  test('a check saves its HTML report and updates the drift metrics', async () => {
    const harness = driftHarness({ reference, current: shifted(data, 500, 3) });
    try {
      const answer = await harness.service.check();
      assert.equal(answer.report_url, `/monitoring/drift/reports/${answer.report_id}`);
      const [info] = await harness.service.reports.list();
      assert.equal(info.id, answer.report_id);
      assert.match((await harness.service.reports.get(info.id)).toString(), /Drift detected/);
      assert.equal(harness.observations.length, 1);
      assert.deepEqual(harness.observations[0].model, { name: 'marquee-recommender', version: '3' }, 'the champion whose reference it used');
      assert.equal(harness.observations[0].detected, true);
      assert.equal(harness.observations[0].share, answer.share_drifted);
      assert.deepEqual(
        harness.observations[0].features,
        answer.features.map((f) => ({ feature: f.feature, test: f.test, statistic: f.statistic })),
      );
    } finally {
      harness.close();
    }
  });

  test("the drift gauges of the app's metrics registry show the check", async () => {
    const metrics = createMetrics();
    const harness = driftHarness({ reference, current: shifted(data, 500, 3), metrics });
    try {
      const answer = await harness.service.check();
      const families = parseExposition(await metrics.registry.metrics());
      assert.equal(families.get('marquee_drift_detected')?.samples[0].value, 1);
      assert.equal(families.get('marquee_drift_share')?.samples[0].value, answer.share_drifted);
      const statistics = families.get('marquee_drift_statistic')?.samples ?? [];
      assert.deepEqual(
        statistics.map((s) => [s.labels.feature, s.labels.test, s.value]).sort(),
        answer.features.map((f) => [f.feature, f.test, f.statistic]).sort(),
      );
    } finally {
      harness.close();
    }
  });

  test('identical checks asked together share one run', async () => {
    const harness = driftHarness({ reference, current: resampled(data, 300, 9, reference) });
    try {
      const [a, b] = await Promise.all([harness.service.check(), harness.service.check()]);
      assert.equal(a, b);
      assert.equal(harness.windows.length, 1);
      await harness.service.check();
      assert.equal(harness.windows.length, 2);
    } finally {
      harness.close();
    }
  });

  test('with no rating sample in the reference, the sample-based features are skipped with the reason', async () => {
    const bare = { ...reference, sample: { ...reference.sample, userIds: new Int32Array(0), movieIds: new Int32Array(0), ratings: new Float32Array(0), timestamps: new Float64Array(0) } };
    const harness = driftHarness({ reference: bare, current: resampled(data, 500, 4, reference) });
    try {
      const answer = await harness.service.check();
      assert.deepEqual(new Set(answer.features.map((f) => f.feature)), new Set(['rating', 'genres', 'hour_of_day']));
      assert.deepEqual(answer.skipped.map((s) => s.feature).sort(), ['model_performance', 'movie_popularity', 'rating', 'ratings_per_movie', 'ratings_per_user']);
      assert.match(answer.skipped[0].reason, /reference_sample_size was 0/);
    } finally {
      harness.close();
    }
  });
});
