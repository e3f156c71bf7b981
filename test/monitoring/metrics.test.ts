import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PREDICTION_STRATEGIES,
  RATING_SOURCES,
  TRAINING_OUTCOMES,
  createMetrics,
  type DriftObservation,
  type MarqueeMetrics,
} from '../../src/monitoring/metrics.ts';
import { parseExposition, samplesOf, type Family } from './metrics-exposition.ts';

const scrape = async (metrics: MarqueeMetrics) => parseExposition(await metrics.registry.metrics());

/** What the drift gauges show before the first check: drift 0, share NaN, no statistics. */
function assertNoDriftVerdict(families: Map<string, Family>): void {
  assert.deepEqual(samplesOf(families, 'marquee_drift_detected').map((s) => s.value), [0]);
  assert.ok(Number.isNaN(samplesOf(families, 'marquee_drift_share')[0].value));
  assert.deepEqual(samplesOf(families, 'marquee_drift_statistic'), []);
}

/** A drift check of `version` of svd that found drift. */
const drifted = (version: string): DriftObservation => ({
  model: { name: 'svd', version },
  detected: true,
  share: 0.5,
  features: [
    { feature: 'rating', test: 'ks', statistic: 0.21 },
    { feature: 'genre', test: 'psi', statistic: 0.3 },
  ],
});

/** Every metric Marquee promises, with its Prometheus type. */
const EXPECTED_METRICS = {
  http_requests_total: 'counter',
  http_request_duration_seconds: 'histogram',
  marquee_predictions_total: 'counter',
  marquee_model_info: 'gauge',
  marquee_model_rmse: 'gauge',
  marquee_model_load_failures_total: 'counter',
  marquee_training_runs_total: 'counter',
  marquee_training_duration_seconds: 'histogram',
  marquee_ratings_ingested_total: 'counter',
  marquee_drift_detected: 'gauge',
  marquee_drift_share: 'gauge',
  marquee_drift_statistic: 'gauge',
} as const;

describe('createMetrics', () => {
  test('registers every Marquee metric with its type, and the default process metrics', async () => {
    const families = await scrape(createMetrics());
    for (const [name, type] of Object.entries(EXPECTED_METRICS)) {
      assert.equal(families.get(name)?.type, type, `${name} should be a ${type}`);
      assert.notEqual(families.get(name)?.help, '', `${name} needs a HELP text`);
    }
    assert.ok(families.has('process_cpu_seconds_total'));
    assert.ok(families.has('nodejs_eventloop_lag_p99_seconds'));
  });

  test('labelled counters have a 0 series for every known label value from the start', async () => {
    const families = await scrape(createMetrics());
    const zeros = (family: string, label: string) =>
      samplesOf(families, family).map((s) => [s.labels[label], s.value]);
    assert.deepEqual(zeros('marquee_predictions_total', 'strategy'), PREDICTION_STRATEGIES.map((v) => [v, 0]));
    assert.deepEqual(zeros('marquee_training_runs_total', 'outcome'), TRAINING_OUTCOMES.map((v) => [v, 0]));
    assert.deepEqual(zeros('marquee_ratings_ingested_total', 'source'), RATING_SOURCES.map((v) => [v, 0]));
  });

  test('before any model or drift check: no model or load failure series, RMSE and drift share NaN, drift 0', async () => {
    const families = await scrape(createMetrics());
    assert.deepEqual(samplesOf(families, 'marquee_model_info'), []);
    assert.deepEqual(samplesOf(families, 'marquee_model_load_failures_total'), []);
    assert.ok(Number.isNaN(samplesOf(families, 'marquee_model_rmse')[0].value));
    assertNoDriftVerdict(families);
  });

  test('each factory call has its own registry', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.recordPrediction('personalized');
    const inB = samplesOf(await scrape(b), 'marquee_predictions_total', { strategy: 'personalized' });
    assert.equal(inB[0].value, 0);
  });

  test('recordPrediction counts by strategy', async () => {
    const metrics = createMetrics();
    metrics.recordPrediction('cold_start');
    metrics.recordPrediction('cold_start');
    metrics.recordPrediction('personalized');
    const families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_predictions_total', { strategy: 'cold_start' })[0].value, 2);
    assert.equal(samplesOf(families, 'marquee_predictions_total', { strategy: 'personalized' })[0].value, 1);
  });

  test('setModel keeps one info series, for the latest model; clearModel removes it', async () => {
    const metrics = createMetrics();
    metrics.setModel('svd', '3', 0.87);
    metrics.setModel('svd', '4', 0.85);
    let families = await scrape(metrics);
    assert.deepEqual(
      samplesOf(families, 'marquee_model_info').map((s) => [s.labels, s.value]),
      [[{ name: 'svd', version: '4' }, 1]],
    );
    assert.equal(samplesOf(families, 'marquee_model_rmse')[0].value, 0.85);

    metrics.setModel('knn', '1', undefined);
    families = await scrape(metrics);
    assert.ok(Number.isNaN(samplesOf(families, 'marquee_model_rmse')[0].value), 'unknown RMSE is NaN, not the old one');

    metrics.clearModel();
    families = await scrape(metrics);
    assert.deepEqual(samplesOf(families, 'marquee_model_info'), []);
  });

  test('recordModelLoadFailure counts each failed version in its own series', async () => {
    const metrics = createMetrics();
    metrics.recordModelLoadFailure('svd', '5');
    metrics.recordModelLoadFailure('svd', '5');
    metrics.recordModelLoadFailure('svd', '6');
    const families = await scrape(metrics);
    assert.deepEqual(
      samplesOf(families, 'marquee_model_load_failures_total').map((s) => [s.labels, s.value]),
      [
        [{ name: 'svd', version: '5' }, 2],
        [{ name: 'svd', version: '6' }, 1],
      ],
    );
  });

  test('recordTraining counts the outcome and observes the duration', async () => {
    const metrics = createMetrics();
    metrics.recordTraining('promoted', 12);
    metrics.recordTraining('failed', 3);
    const families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_training_runs_total', { outcome: 'promoted' })[0].value, 1);
    assert.equal(samplesOf(families, 'marquee_training_runs_total', { outcome: 'failed' })[0].value, 1);
    assert.equal(samplesOf(families, 'marquee_training_runs_total', { outcome: 'rejected' })[0].value, 0);
    const duration = 'marquee_training_duration_seconds';
    assert.equal(samplesOf(families, duration, {}, `${duration}_count`)[0].value, 2);
    assert.equal(samplesOf(families, duration, {}, `${duration}_sum`)[0].value, 15);
    assert.equal(samplesOf(families, duration, { le: '5' }, `${duration}_bucket`)[0].value, 1);
  });

  test('recordRatings adds the count to its source', async () => {
    const metrics = createMetrics();
    metrics.recordRatings('movielens', 100_836);
    metrics.recordRatings('api', 1);
    metrics.recordRatings('api', 1);
    const families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_ratings_ingested_total', { source: 'movielens' })[0].value, 100_836);
    assert.equal(samplesOf(families, 'marquee_ratings_ingested_total', { source: 'api' })[0].value, 2);
  });

  test('bad amounts are refused with the name of the argument', () => {
    const metrics = createMetrics();
    assert.throws(() => metrics.recordRatings('api', -1), /ratings count must be a finite number >= 0, got -1/);
    assert.throws(() => metrics.recordTraining('failed', NaN), /training seconds .* got NaN/);
    assert.throws(() => metrics.setModel('svd', '1', Infinity), /rmse .* got Infinity/);
    assert.throws(() => metrics.setDrift({ model: { name: 'svd', version: '1' }, detected: false, share: -0.5, features: [] }), /drift share .* got -0.5/);
  });

  test('setDrift sets the flag, the share and the statistics of the latest check only', async () => {
    const metrics = createMetrics();
    metrics.setDrift(drifted('3'));
    let families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_drift_detected')[0].value, 1);
    assert.equal(samplesOf(families, 'marquee_drift_share')[0].value, 0.5);
    assert.equal(samplesOf(families, 'marquee_drift_statistic', { feature: 'rating', test: 'ks' })[0].value, 0.21);

    metrics.setDrift({ model: { name: 'svd', version: '3' }, detected: false, share: 0, features: [{ feature: 'rating', test: 'ks', statistic: 0.02 }] });
    families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_drift_detected')[0].value, 0);
    assert.deepEqual(
      samplesOf(families, 'marquee_drift_statistic').map((s) => [s.labels, s.value]),
      [[{ feature: 'rating', test: 'ks' }, 0.02]],
    );
  });

  test('a drift verdict is dropped once another model serves, and kept while the model it is about serves', async () => {
    const metrics = createMetrics();
    metrics.setModel('svd', '3', 0.87);
    metrics.setDrift(drifted('3'));
    metrics.setModel('svd', '3', 0.87);
    assert.equal(samplesOf(await scrape(metrics), 'marquee_drift_detected')[0].value, 1, 'the same model again changes nothing');

    metrics.setModel('svd', '4', 0.85);
    assertNoDriftVerdict(await scrape(metrics));
    metrics.setModel('svd', '3', 0.87);
    assertNoDriftVerdict(await scrape(metrics));

    // A check of the new champion can end before the server swaps it in: that verdict is current.
    metrics.setDrift(drifted('5'));
    metrics.setModel('svd', '5', 0.84);
    let families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_drift_detected')[0].value, 1);
    assert.equal(samplesOf(families, 'marquee_drift_share')[0].value, 0.5);
    assert.equal(samplesOf(families, 'marquee_drift_statistic').length, 2);

    // Another model of the same version number is another model.
    metrics.setModel('knn', '5', undefined);
    assertNoDriftVerdict(await scrape(metrics));

    // The next check sets the gauges again.
    metrics.setDrift(drifted('5'));
    families = await scrape(metrics);
    assert.equal(samplesOf(families, 'marquee_drift_detected')[0].value, 1);
  });
});
