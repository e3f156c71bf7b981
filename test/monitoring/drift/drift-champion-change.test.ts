/**
 * A drift verdict is about one champion's reference and ends with it. The drift service, the model
 * lifecycle, the pipeline's champion events and one metrics registry, wired as the server wires them,
 * over an in-memory registry: once a check found drift, a promotion, a rollback or a champion moved
 * by another process (found by the poll) puts the drift gauges back to "no check yet", so
 * MarqueeDriftDetected resolves, and the next check sets them again.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelLifecycle, type ChampionSource, type ChampionVersion } from '../../../src/api/model-lifecycle.ts';
import { createMetrics } from '../../../src/monitoring/metrics.ts';
import { ChampionEvents, type ChampionChange } from '../../../src/pipeline/champion-events.ts';
import { parseExposition, samplesOf } from '../metrics-exposition.ts';
import { coldStartPredictor, driftHarness } from './support/drift-harness.ts';
import { driftReference, latestSmall, shifted } from './support/drift-data.ts';

const data = latestSmall();
const reference = driftReference(data);
const NAME = reference.model.name;

/** The server's parts around one registry whose `champion` alias the test moves. */
async function scenario(champion: string) {
  const registry = { champion, broken: new Set<string>() };
  const metrics = createMetrics();
  const events = new ChampionEvents();
  const serving: ChampionSource = {
    champion: async () => ({ name: NAME, version: registry.champion }),
    async load(version: ChampionVersion) {
      if (registry.broken.has(version.version)) throw new Error(`v${version.version} is damaged`);
      // The lifecycle only hands the algorithm on; nothing here predicts.
      return { name: version.name, version: version.version, algorithm: {} as never };
    },
  };
  const lifecycle = new ModelLifecycle({ source: serving, changes: events, metrics, pollSeconds: 3600 });
  // The drift service reads the alias itself, as registryChampionSource does.
  const harness = driftHarness({
    reference,
    current: shifted(data, 500, 3),
    metrics,
    champion: { load: async () => ({ reference: { ...reference, model: { ...reference.model, version: registry.champion } }, predictor: coldStartPredictor }) },
  });
  await lifecycle.start();

  return {
    registry,
    lifecycle,
    async checkDrift() {
      const answer = await harness.service.check();
      assert.equal(answer.drift_detected, true, 'the shifted window drifts');
      assert.equal(answer.reference.model.version, registry.champion);
    },
    /** Moves the alias as a training job or a rollback in this process does, and waits for the swap. */
    async announce(version: string, cause: ChampionChange['cause']) {
      const replaced = registry.champion;
      registry.champion = version;
      events.notify({ name: NAME, version, replaced, cause });
      await lifecycle.refresh();
    },
    async gauges() {
      const families = parseExposition(await metrics.registry.metrics());
      return {
        serving: lifecycle.current()?.version,
        detected: samplesOf(families, 'marquee_drift_detected')[0].value,
        share: samplesOf(families, 'marquee_drift_share')[0].value,
        statistics: samplesOf(families, 'marquee_drift_statistic').length,
        loadFailures: samplesOf(families, 'marquee_model_load_failures_total').map((s) => [s.labels.version, s.value]),
      };
    },
    async close() {
      await lifecycle.stop();
      harness.close();
    },
  };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

async function withScenario(champion: string, run: (s: Scenario) => Promise<void>): Promise<void> {
  const s = await scenario(champion);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

/** The state before any check: what the alert and the dashboards read as "nothing to say". */
const noVerdict = (serving: string) => ({ serving, detected: 0, share: NaN, statistics: 0, loadFailures: [] });

describe('drift gauges when the champion changes', () => {
  test('a promotion here clears the verdict about the replaced champion; the next check sets it again', async () => {
    await withScenario('3', async (s) => {
      await s.checkDrift();
      const found = await s.gauges();
      assert.equal(found.detected, 1);
      assert.ok(found.share >= 0.5 && found.statistics > 0, JSON.stringify(found));

      await s.announce('4', 'promoted');
      assert.deepEqual(await s.gauges(), noVerdict('4'));

      await s.checkDrift();
      assert.equal((await s.gauges()).detected, 1);
    });
  });

  test('a rollback clears it the same way', async () => {
    await withScenario('4', async (s) => {
      await s.checkDrift();
      await s.announce('3', 'rolled-back');
      assert.deepEqual(await s.gauges(), noVerdict('3'));
    });
  });

  test('a champion moved by another process clears it when the poll swaps the new model in, not before', async () => {
    await withScenario('3', async (s) => {
      await s.checkDrift();
      s.registry.champion = '4';
      assert.equal((await s.gauges()).detected, 1, 'the drifted model still serves here');
      await s.lifecycle.refresh();
      assert.deepEqual(await s.gauges(), noVerdict('4'));
    });
  });

  test('a champion that cannot be loaded leaves the verdict on the model that keeps serving', async () => {
    await withScenario('3', async (s) => {
      await s.checkDrift();
      s.registry.broken.add('4');
      await s.announce('4', 'promoted');
      const after = await s.gauges();
      assert.deepEqual([after.serving, after.detected, after.loadFailures], ['3', 1, [['4', 1]]]);
    });
  });

  test('a check of the new champion that ends before the swap keeps its verdict', async () => {
    await withScenario('3', async (s) => {
      s.registry.champion = '4';
      await s.checkDrift();
      await s.lifecycle.refresh();
      const after = await s.gauges();
      assert.deepEqual([after.serving, after.detected], ['4', 1]);
    });
  });
});
