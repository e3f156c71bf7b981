/**
 * The deploy/ monitoring files against a real Prometheus: it scrapes small Fastify servers carrying
 * the metrics plugin, loads deploy/prometheus/alerts.yml, and must answer every dashboard query and
 * every alert expression with data. The scenario makes each alert fire:
 *   serving   — a model, drift, a champion that failed to load, a failed training run, 5xx answers
 *               and a slow route;
 *   modelless — no model loaded;
 *   dead      — a port nobody listens on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { createMetrics, type MarqueeMetrics } from '../../src/monitoring/metrics.ts';
import metricsPlugin from '../../src/monitoring/metrics-plugin.ts';
import {
  PROMETHEUS_CONFIG,
  alertRules,
  dashboardExpressions,
  readYaml,
  substituteGrafanaVariables,
  type PrometheusConfig,
} from './support/deploy-files.ts';
import { freePort, startPrometheus, waitFor, type InstantVector, type PrometheusServer } from './support/prometheus-server.ts';
import { skipWithout } from './support/tools.ts';

/** Above the 0.5 s of MarqueeHighLatency, so that /slow's p99 crosses it. */
const SLOW_MS = 600;
/** Longer than the whole test: every window then holds the scrapes from before and after the traffic. */
const WINDOWS = { __rate_interval: '1m', __interval: '1m', __range: '1m' };

async function startMarquee(metrics: MarqueeMetrics): Promise<{ app: FastifyInstance; target: string }> {
  const app = Fastify({ logger: false });
  await app.register(metricsPlugin, { metrics });
  app.get('/movies/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/ratings', async () => {
    app.metrics.recordRatings('api', 1);
    return { saved: 1 };
  });
  app.post('/predict', async (request) => {
    app.metrics.recordPrediction((request.body as { known: boolean }).known ? 'personalized' : 'cold_start');
    return { items: [] };
  });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.get('/slow', async () => {
    await sleep(SLOW_MS);
    return { slow: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, target: `127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const SLOW_REQUESTS = 3;
/** Rounds of traffic between two scrapes, after the warm-up round. */
const ROUNDS = 3;

/** One request to each route (1 of 11 fails with 500), the slow ones concurrently. */
async function sendTraffic(target: string): Promise<void> {
  const base = `http://${target}`;
  const post = (path: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answers = [
    await fetch(`${base}/movies/1`),
    await fetch(`${base}/movies/2`),
    await post('/ratings', { userId: 1, movieId: 1, rating: 4 }),
    await post('/predict', { known: true }),
    await post('/predict', { known: false }),
    await fetch(`${base}/no/such/route`),
    await fetch(`${base}/boom`),
    ...(await Promise.all(Array.from({ length: SLOW_REQUESTS }, () => fetch(`${base}/slow`)))),
  ];
  await Promise.all(answers.map((a) => a.arrayBuffer()));
}

/** prometheus.yml with a 1 s scrape of the test's targets; rule files resolved to deploy/prometheus. */
function testConfig(targets: string[]): string {
  const config = readYaml(PROMETHEUS_CONFIG) as PrometheusConfig;
  config.global = { ...config.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((file) => resolve(dirname(PROMETHEUS_CONFIG), file));
  const job = config.scrape_configs.find((s) => s.job_name === 'marquee');
  assert.ok(job, 'prometheus.yml has no job "marquee"');
  job.static_configs = [{ targets }];
  return stringify(config);
}

const hasFiniteValue = (result: InstantVector[]) => result.some((r) => Number.isFinite(Number(r.value[1])));
const labelValues = (result: InstantVector[], label: string) => result.map((r) => r.metric[label]).sort();

interface AlertingRule {
  name: string;
  state: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
}

describe('Prometheus scraping Marquee with the deploy/ rules and dashboards', { timeout: 40_000 }, () => {
  const skip = skipWithout('prometheus');
  const apps: FastifyInstance[] = [];
  let workDir: string | undefined;
  let prometheus: PrometheusServer | undefined;
  let serving = '';
  let modelless = '';
  let dead = '';

  // A failed setup is kept and thrown by each test: a throwing `before` would leave every test
  // "not ok" yet out of the runner's fail count.
  let setupError: unknown;
  const ready = () => {
    if (setupError) throw setupError;
    return prometheus!;
  };

  before(async () => {
    if (skip) return;
    try {
      await setUp();
    } catch (err) {
      setupError = err;
    }
  });

  async function setUp() {
    const servingMetrics = createMetrics();
    for (const metrics of [servingMetrics, createMetrics()]) {
      const { app, target } = await startMarquee(metrics);
      apps.push(app);
      if (metrics === servingMetrics) serving = target;
      else modelless = target;
    }
    dead = `127.0.0.1:${await freePort()}`;

    servingMetrics.setModel('svd', '7', 0.87);
    servingMetrics.recordRatings('movielens', 100_836);
    servingMetrics.setDrift({
      model: { name: 'svd', version: '7' },
      detected: true,
      share: 0.5,
      features: [
        { feature: 'rating', test: 'ks', statistic: 0.21 },
        { feature: 'genre', test: 'psi', statistic: 0.3 },
      ],
    });
    // Every route's series must exist before Prometheus' first scrape: rate() sees no rise in a
    // series whose first sample already holds all of its requests.
    await sendTraffic(serving);

    workDir = mkdtempSync(join(tmpdir(), 'marquee-prometheus-'));
    prometheus = await startPrometheus(workDir, testConfig([serving, modelless, dead]));
    const prom = prometheus;
    await waitFor('a first scrape of the three targets', async () => (await prom.query('up{job="marquee"}')).length === 3);

    // After the first scrape, as in a server: a version's failure series appears already at 1.
    servingMetrics.recordModelLoadFailure('svd', '8');
    servingMetrics.recordTraining('failed', 2.5);
    servingMetrics.recordTraining('rejected', 30);
    servingMetrics.recordTraining('promoted', 45);
    servingMetrics.recordRatings('generated', 500);
    for (let round = 0; round < ROUNDS; round++) await sendTraffic(serving);
    await waitFor('a scrape after the traffic', async () => {
      const slow = await prom.query(`http_requests_total{instance="${serving}", route="/slow"}`);
      return slow.length === 1 && slow[0].value[1] === String(SLOW_REQUESTS * (1 + ROUNDS));
    });
  }

  after(async () => {
    await prometheus?.stop();
    await Promise.all(apps.map((app) => app.close()));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const alertingRules = async () => {
    const { groups } = await ready().api<{ groups: { rules: AlertingRule[] }[] }>('/api/v1/rules', { type: 'alert' });
    return groups.flatMap((g) => g.rules);
  };

  test('Prometheus loaded every rule of alerts.yml and evaluates it without error', { skip }, async () => {
    await waitFor('a first evaluation of every rule', async () => (await alertingRules()).every((r) => r.health !== 'unknown'));
    const loaded = await alertingRules();
    assert.deepEqual(loaded.map((r) => r.name).sort(), alertRules().map((r) => r.alert).sort());
    for (const rule of loaded) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);
  });

  test("Prometheus' own evaluation puts every alert in pending or firing, its annotations rendered", { skip }, async () => {
    let inactive: string[] = [];
    await waitFor(
      () => `every alert to be pending or firing; still inactive: ${inactive.join(', ')}`,
      async () => {
        inactive = (await alertingRules()).filter((r) => r.state === 'inactive').map((r) => r.name);
        return inactive.length === 0;
      },
      10_000,
    );
    // Annotations are rendered for active alerts; a broken template shows in the text itself.
    const { alerts } = await ready().api<{ alerts: { labels: { alertname: string }; annotations: Record<string, string> }[] }>('/api/v1/alerts');
    const broken = alerts.filter((a) => Object.values(a.annotations).some((text) => text.includes('error expanding template')));
    assert.deepEqual(broken, []);
    const drift = alerts.find((a) => a.labels.alertname === 'MarqueeDriftDetected');
    assert.match(drift?.annotations.description ?? '', /^50% of the checked features drifted/);
    const loadFailing = alerts.find((a) => a.labels.alertname === 'MarqueeModelLoadFailing');
    assert.equal(loadFailing?.annotations.summary, `Marquee at ${serving} cannot load champion svd v8`);
  });

  test('every marquee_* metric reached Prometheus', { skip }, async () => {
    const result = await ready().query(`{__name__=~"marquee_.+", instance="${serving}"}`);
    const names = new Set(result.map((r) => r.metric.__name__));
    const expected = createMetrics()
      .registry.getMetricsAsArray()
      .map((m) => m.name)
      .filter((name) => name.startsWith('marquee_'))
      .flatMap((name) => (name.endsWith('_seconds') ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]));
    assert.deepEqual([...names].sort(), expected.sort());
    // prom-client writes NaN as "Nan"; Prometheus must still read it as NaN, not drop the scrape.
    const rmse = await ready().query(`marquee_model_rmse{instance="${modelless}"}`);
    assert.equal(rmse[0]?.value[1], 'NaN');
  });

  test('every dashboard query returns data', { skip }, async () => {
    const problems: string[] = [];
    for (const { where, expr } of dashboardExpressions()) {
      const query = substituteGrafanaVariables(expr, WINDOWS);
      try {
        const result = await ready().query(query);
        if (!hasFiniteValue(result)) problems.push(`${where}: no finite value from ${query} → ${JSON.stringify(result)}`);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('every alert expression returns data, for the instances or routes that should alert', { skip }, async () => {
    const expected: Record<string, { label?: string; values: string[] }> = {
      MarqueeDown: { label: 'instance', values: [dead] },
      MarqueeHighErrorRate: { values: ['(one aggregate series)'] },
      MarqueeHighLatency: { label: 'route', values: ['/slow'] },
      MarqueeNoModelLoaded: { label: 'instance', values: [modelless] },
      MarqueeModelLoadFailing: { label: 'instance', values: [serving] },
      MarqueeTrainingFailed: { label: 'instance', values: [serving] },
      MarqueeDriftDetected: { label: 'instance', values: [serving] },
    };
    const problems: string[] = [];
    for (const rule of alertRules()) {
      const want = expected[rule.alert];
      if (!want) {
        problems.push(`${rule.alert}: add to this test what it should fire for in the scenario`);
        continue;
      }
      const result = await ready().query(rule.expr);
      const got = want.label ? labelValues(result, want.label) : result.map(() => '(one aggregate series)');
      if (JSON.stringify(got) !== JSON.stringify(want.values)) {
        problems.push(`${rule.alert}: fires for ${JSON.stringify(got)}, expected ${JSON.stringify(want.values)}; ${rule.expr}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
