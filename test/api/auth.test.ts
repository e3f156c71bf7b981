/**
 * Write access across every mutating route of the assembled service, the embedded tracking server's
 * included: with MARQUEE_API_KEY set they need it, reads never do; without a key nothing is asked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import type { Database } from '../../src/data/db/database.ts';
import { createDriftService } from '../../src/monitoring/drift/create-drift-service.ts';
import { connectTracking, type TrackingConnection } from '../../src/pipeline/tracking-connection.ts';
import { createTrainingRuntime, type TrainingRuntime } from '../../src/pipeline/training-runtime.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seed, testApp, testConfig } from './support/api-fixture.ts';

const KEY = 'the-key';
const T = '/mlflow/api/2.0';

type Call = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object | string };

const writes: Call[] = [
  { method: 'POST', url: '/ratings', payload: { user_id: 1, movie_id: 1, rating: 4 } },
  { method: 'POST', url: '/generate-ratings?batch_size=3' },
  { method: 'POST', url: '/training', payload: { overrides: { candidates: [{ algo: 'NoSuchAlgo' }] } } },
  { method: 'POST', url: '/models/rollback' },
  { method: 'GET', url: '/monitoring/drift' },
  { method: 'POST', url: `${T}/mlflow/experiments/create`, payload: { name: 'written' } },
  { method: 'POST', url: `${T}/mlflow/registered-models/create`, payload: { name: 'written-model' } },
  { method: 'POST', url: `${T}/mlflow/runs/log-metric`, payload: { run_id: 'x', key: 'k', value: 1, timestamp: 1 } },
  { method: 'DELETE', url: `${T}/mlflow/registered-models/alias`, payload: { name: 'm', alias: 'champion' } },
  { method: 'PUT', url: `${T}/mlflow-artifacts/artifacts/1/run/file.txt`, payload: 'bytes' },
];

const reads: Call[] = [
  { method: 'GET', url: '/movies/1' },
  { method: 'POST', url: '/predict', payload: { user_id: 1 } },
  { method: 'GET', url: '/models' },
  { method: 'GET', url: `${T}/mlflow/experiments/get-by-name?experiment_name=nothing` },
  { method: 'POST', url: `${T}/mlflow/experiments/search`, payload: {} },
  { method: 'POST', url: `${T}/mlflow/runs/search`, payload: { experiment_ids: ['0'] } },
  { method: 'GET', url: `${T}/mlflow/registered-models/search` },
];

forEachDatabase('write access', (open) => {
  let db: Database;
  let root: string;
  let tracking: TrackingConnection;
  let training: TrainingRuntime;
  const apps: FastifyInstance[] = [];
  before(async () => {
    db = await open();
    await seed(db);
    root = await mkdtemp(join(tmpdir(), 'marquee-auth-'));
    const artifacts = new LocalArtifactStore(root);
    tracking = await connectTracking({ trackingUri: undefined, db, artifacts });
    training = await createTrainingRuntime({ db, tracking: tracking.client, env: {} });
    const drift = createDriftService({ db, tracking: tracking.client, artifacts, modelName: training.registry.name });
    for (const apiKey of [KEY, undefined]) {
      apps.push(await testApp(db, { config: testConfig({ apiKey }), trackingArtifacts: artifacts, training, drift }));
    }
  });
  after(async () => {
    for (const app of apps) await app.close();
    await training?.close();
    await tracking?.close();
    await rm(root, { recursive: true, force: true });
  });

  const send = (app: FastifyInstance, call: Call, authorization?: string) =>
    app.inject({
      method: call.method,
      url: call.url,
      payload: call.payload,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(typeof call.payload === 'string' ? { 'content-type': 'application/octet-stream' } : {}),
      },
    });

  describe('with MARQUEE_API_KEY', () => {
    test('every write without the key, or with another, is a 401 asking for a bearer token', async () => {
      for (const call of writes) {
        for (const authorization of [undefined, 'Bearer wrong', `Basic ${KEY}`]) {
          const res = await send(apps[0], call, authorization);
          assert.equal(res.statusCode, 401, `${call.method} ${call.url} with ${authorization}: ${res.body}`);
          assert.equal(res.headers['www-authenticate'], 'Bearer');
        }
      }
    });

    test('tracking refusals are MLflow error bodies', async () => {
      const res = await send(apps[0], writes[5]);
      assert.deepEqual(Object.keys(res.json()).sort(), ['error_code', 'message']);
      assert.equal(res.json().error_code, 'UNAUTHENTICATED');
    });

    test('with the key, every write gets past the check', async () => {
      for (const call of writes) {
        const res = await send(apps[0], call, `Bearer ${KEY}`);
        assert.notEqual(res.statusCode, 401, `${call.method} ${call.url}: ${res.body}`);
        assert.ok(res.statusCode < 500, `${call.method} ${call.url}: ${res.statusCode} ${res.body}`);
      }
    });

    test('reads, MLflow searches included, need no key', async () => {
      for (const call of reads) {
        const res = await send(apps[0], call);
        assert.notEqual(res.statusCode, 401, `${call.method} ${call.url}: ${res.body}`);
        assert.ok(res.statusCode < 500, `${call.method} ${call.url}: ${res.statusCode} ${res.body}`);
      }
    });
  });

  test('without MARQUEE_API_KEY nothing asks for one', async () => {
    for (const call of [...writes, ...reads]) {
      const res = await send(apps[1], call);
      assert.notEqual(res.statusCode, 401, `${call.method} ${call.url}: ${res.body}`);
    }
  });
});
