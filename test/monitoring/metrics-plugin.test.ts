import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { createMetrics } from '../../src/monitoring/metrics.ts';
import metricsPlugin, { UNMATCHED_ROUTE } from '../../src/monitoring/metrics-plugin.ts';
import { parseExposition, samplesOf } from './metrics-exposition.ts';

async function buildServer(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(metricsPlugin, { metrics: createMetrics() });
  app.get('/movies/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.post('/predict', async () => {
    app.metrics.recordPrediction('cold_start');
    return { ok: true };
  });
  return app;
}

async function scrape(app: FastifyInstance) {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  return parseExposition(response.body);
}

describe('metrics plugin', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildServer();
  });
  after(() => app.close());

  test('GET /metrics answers in the Prometheus text format', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(response.body);
    assert.equal(families.get('http_requests_total')?.type, 'counter');
    assert.equal(families.get('marquee_drift_share')?.type, 'gauge');
  });

  test('requests to /movies/1 and /movies/2 make one series labelled with the route template', async () => {
    await app.inject({ method: 'GET', url: '/movies/1' });
    await app.inject({ method: 'GET', url: '/movies/2' });
    const families = await scrape(app);
    const requests = samplesOf(families, 'http_requests_total').filter((s) => s.labels.route.startsWith('/movies'));
    assert.deepEqual(requests.map((s) => [s.labels, s.value]), [
      [{ method: 'GET', route: '/movies/:id', status_code: '200' }, 2],
    ]);
    const count = samplesOf(
      families,
      'http_request_duration_seconds',
      { route: '/movies/:id' },
      'http_request_duration_seconds_count',
    );
    assert.deepEqual(count.map((s) => [s.labels, s.value]), [
      [{ method: 'GET', route: '/movies/:id', status_code: '200' }, 2],
    ]);
    const inf = samplesOf(families, 'http_request_duration_seconds', { route: '/movies/:id', le: '+Inf' }, 'http_request_duration_seconds_bucket');
    assert.equal(inf[0].value, 2);
  });

  test('requests no route matches share one label value, whatever their path', async () => {
    for (const url of ['/nope/1', '/nope/2', '/wp-login.php', '/movies/1/extra?x=1']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404);
    }
    const families = await scrape(app);
    const routes = new Set(samplesOf(families, 'http_requests_total').map((s) => s.labels.route));
    assert.deepEqual([...routes].sort(), ['/movies/:id', UNMATCHED_ROUTE].sort());
    const unmatched = samplesOf(families, 'http_requests_total', { route: UNMATCHED_ROUTE, status_code: '404' });
    assert.equal(unmatched[0].value, 4);
  });

  test('a failing route is counted under its template with status 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(response.statusCode, 500);
    const families = await scrape(app);
    const failed = samplesOf(families, 'http_requests_total', { route: '/boom' });
    assert.deepEqual(failed.map((s) => [s.labels.status_code, s.value]), [['500', 1]]);
  });

  test('scrapes of /metrics are not counted as traffic', async () => {
    await scrape(app);
    const families = await scrape(app);
    assert.deepEqual(samplesOf(families, 'http_requests_total', { route: '/metrics' }), []);
  });

  test('routes record through fastify.metrics', async () => {
    await app.inject({ method: 'POST', url: '/predict' });
    const families = await scrape(app);
    assert.equal(samplesOf(families, 'marquee_predictions_total', { strategy: 'cold_start' })[0].value, 1);
  });
});
