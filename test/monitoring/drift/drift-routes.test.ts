import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import apiKeyAuth from '../../../src/api/plugins/app/api-key-auth.ts';
import errorHandler from '../../../src/api/plugins/app/error-handler.ts';
import monitoringRoutes from '../../../src/api/routes/monitoring/index.ts';
import { validatorCompiler } from '../../../src/api/validator-compiler.ts';
import { NoChampionError } from '../../../src/monitoring/drift/drift.errors.ts';
import type { DriftService } from '../../../src/monitoring/drift/drift.service.ts';
import { driftHarness, type Harness } from './support/drift-harness.ts';
import { driftReference, latestSmall, shifted } from './support/drift-data.ts';

const API_KEY = 'test-key';
const auth = { authorization: `Bearer ${API_KEY}` };
const data = latestSmall();
const reference = driftReference(data);

/** The monitoring route group on the API's own error handler, validator and key check. */
async function appWith(drift: DriftService): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  await app.register(errorHandler);
  await app.register(apiKeyAuth, { apiKey: API_KEY });
  await app.register(monitoringRoutes, { drift });
  await app.ready();
  return app;
}

describe('monitoring routes', () => {
  const harnesses: Harness[] = [];
  const apps: FastifyInstance[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    for (const h of harnesses) h.close();
  });
  const start = async (options: Parameters<typeof driftHarness>[0]) => {
    const harness = driftHarness(options);
    harnesses.push(harness);
    const app = await appWith(harness.service);
    apps.push(app);
    return { harness, app };
  };

  test('GET /monitoring/drift answers the check whole (the schema drops no field), with the window asked for', async () => {
    const { harness, app } = await start({ reference, current: shifted(data, 400, 2) });
    const response = await app.inject({ method: 'GET', url: '/monitoring/drift?days=7', headers: auth });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.drift_detected, true);
    assert.deepEqual(harness.windows, [{ kind: 'days', days: 7 }]);
    assert.deepEqual(body.current.window, { kind: 'days', days: 7, last: null, description: 'ratings of the last 7 days' });
    // The same check again, straight from the service, serialised as JSON: nothing lost on the way.
    const direct = JSON.parse(JSON.stringify(await harness.service.check({ kind: 'days', days: 7 })));
    assert.deepEqual(Object.keys(body).sort(), Object.keys(direct).sort());
    assert.deepEqual(body.features, direct.features);
    assert.deepEqual(body.reference, direct.reference);
    assert.deepEqual(body.thresholds, direct.thresholds);
  });

  test('insufficient data is a 200 with status insufficient_data and the counts', async () => {
    const { app } = await start({ reference, current: shifted(data, 20, 2) });
    const response = await app.inject({ method: 'GET', url: '/monitoring/drift?last=20', headers: auth });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'insufficient_data');
    assert.equal(response.json().current.ratings, 20);
    assert.equal(response.json().drift_detected, null);
  });

  test('needs the API key; bad windows are 400s naming the field; no champion is a 409 saying what to do', async () => {
    const { app } = await start({ reference, current: shifted(data, 400, 2) });
    assert.equal((await app.inject({ method: 'GET', url: '/monitoring/drift' })).statusCode, 401);
    const both = await app.inject({ method: 'GET', url: '/monitoring/drift?days=1&last=5', headers: auth });
    assert.equal(both.statusCode, 400);
    assert.deepEqual(both.json(), { error: 'Bad Request', message: 'days: give days or last, not both', field: 'days' });
    const zero = await app.inject({ method: 'GET', url: '/monitoring/drift?days=0', headers: auth });
    assert.equal(zero.statusCode, 400);
    assert.equal(zero.json().field, 'days');
    const unknown = await app.inject({ method: 'GET', url: '/monitoring/drift?weeks=2', headers: auth });
    assert.equal(unknown.statusCode, 400);

    const none = await start({ reference: undefined, current: shifted(data, 400, 2), champion: { load: () => Promise.reject(new NoChampionError('marquee-recommender')) } });
    const conflict = await none.app.inject({ method: 'GET', url: '/monitoring/drift', headers: auth });
    assert.equal(conflict.statusCode, 409);
    assert.match(conflict.json().message, /marquee-recommender has no champion yet.*train a model first/);
  });

  test('reports are listed newest first and served as HTML that may load and run nothing', async () => {
    const { app } = await start({ reference, current: shifted(data, 400, 2) });
    const first = (await app.inject({ method: 'GET', url: '/monitoring/drift', headers: auth })).json();
    const second = (await app.inject({ method: 'GET', url: '/monitoring/drift?last=400', headers: auth })).json();
    const list = await app.inject({ method: 'GET', url: '/monitoring/drift/reports' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().reports.map((r: { id: string; url: string }) => [r.id, r.url]),
      [second, first].map((a) => [a.report_id, a.report_url]),
    );
    assert.equal(list.json().reports[1].created_at, '2026-03-01T12:00:00.000Z');

    const page = await app.inject({ method: 'GET', url: first.report_url });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'");
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /^<!doctype html>/);
    assert.match(page.body, /Drift detected/);

    for (const id of ['2026-03-01T12-00-00.000Z-99', '..%2F..%2Fmodel', 'x']) {
      const missing = await app.inject({ method: 'GET', url: `/monitoring/drift/reports/${id}` });
      assert.equal(missing.statusCode, 404, id);
      assert.match(missing.json().message, /drift report .* not found/);
    }
  });
});
