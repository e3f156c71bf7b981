/**
 * The training and model routes in the API, wired as `marquee serve` wires them: a background job
 * started by `POST /training/` (202, then 409 for a second one), followed through its status, the
 * registry listed, rollback behind the API key.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { connectTracking, type TrackingConnection } from '../../src/pipeline/tracking-connection.ts';
import { createTrainingRuntime, type TrainingRuntime } from '../../src/pipeline/training-runtime.ts';
import { forEachDatabase } from '../support/databases.ts';
import { loadBundledData } from './support/bundled-data.ts';
import { SMALL_ENV } from './support/training-fixture.ts';

const KEY = 'test-key';
const auth = { authorization: `Bearer ${KEY}` };

forEachDatabase('training routes', (open) => {
  let app: FastifyInstance;
  let training: TrainingRuntime;
  let tracking: TrackingConnection;
  let root: string;

  before(async () => {
    const db = await open();
    await loadBundledData(db, { maxUserId: 60 });
    root = await mkdtemp(join(tmpdir(), 'marquee-routes-'));
    const artifacts = new LocalArtifactStore(root);
    tracking = await connectTracking({ trackingUri: undefined, db, artifacts, logLevel: 'silent' });
    training = await createTrainingRuntime({ db, tracking: tracking.client, env: { ...SMALL_ENV, TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"},{"algo":"SVD","params":{"n_factors":10}}]' } });
    app = await buildApp({ config: { logLevel: 'silent', apiKey: KEY, corsOrigins: [] }, database: db, training, trackingArtifacts: artifacts });
    await app.ready();
  });

  after(async () => {
    await app?.close();
    await training?.close();
    await tracking?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function waitForJob(id: string): Promise<Record<string, unknown>> {
    for (;;) {
      const res = await app.inject({ url: `/training/jobs/${id}` });
      assert.equal(res.statusCode, 200);
      const job = res.json();
      if (job.state === 'succeeded' || job.state === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('before any job: status is 404, the registry is empty', async () => {
    assert.equal((await app.inject({ url: '/training/status' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/training/jobs/nope' })).statusCode, 404);
    assert.deepEqual((await app.inject({ url: '/models' })).json(), { name: 'marquee-recommender', champion: null, previous: null, versions: [] });
  });

  test('mutating routes need the API key', async () => {
    for (const url of ['/training/', '/models/rollback']) {
      const res = await app.inject({ method: 'POST', url });
      assert.equal(res.statusCode, 401, url);
    }
  });

  test('bad overrides are a 400 naming the field, and start no job', async () => {
    const res = await app.inject({ method: 'POST', url: '/training/', headers: auth, payload: { overrides: { candidates: [{ algo: 'SVD', params: { n_factor: 3 } }] } } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'overrides.candidates[0].params');
    assert.match(res.json().message, /unknown parameter "n_factor"/);
    const shape = await app.inject({ method: 'POST', url: '/training/', headers: auth, payload: { force: 'yes' } });
    assert.equal(shape.statusCode, 400);
    assert.equal((await app.inject({ url: '/training/status' })).statusCode, 404);
  });

  test('POST /training/ answers 202 with a job id, a second one 409 with the same id; the job promotes v1', async () => {
    const first = await app.inject({ method: 'POST', url: '/training/', headers: auth });
    assert.equal(first.statusCode, 202);
    const { job_id } = first.json();
    const second = await app.inject({ method: 'POST', url: '/training', headers: auth, payload: { force: true } });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().job_id, job_id);
    assert.match(second.json().message, /already running/);

    const job = await waitForJob(job_id);
    assert.equal(job.state, 'succeeded', String(job.error));
    assert.equal(job.decision, 'promoted');
    assert.deepEqual(job.model, { name: 'marquee-recommender', version: '1' });
    assert.equal(job.progress, 100);
    assert.equal((job.candidates as unknown[]).length, 2);
    assert.deepEqual((await app.inject({ url: '/training/status' })).json(), job);

    // The API's own tracking endpoint sees the runs: one database behind both.
    const run = await app.inject({ url: `/mlflow/api/2.0/mlflow/runs/get?run_id=${job.run_id}` });
    assert.equal(run.json().run.info.status, 'FINISHED');
  });

  test('a forced job with overrides promotes v2; GET /models lists both; rollback goes back to v1', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/training/',
      headers: auth,
      payload: { force: true, overrides: { filters: { sample: 0.9 }, candidates: [{ algo: 'BaselineOnly' }], margin: 0.5 } },
    });
    assert.equal(res.statusCode, 202);
    const job = await waitForJob(res.json().job_id);
    assert.equal(job.decision, 'promoted', String(job.error));
    assert.match(String(job.reason), /^forced/);

    const models = (await app.inject({ url: '/models' })).json();
    assert.equal(models.champion, '2');
    assert.equal(models.previous, '1');
    assert.deepEqual(models.versions.map((v: { version: string; aliases: string[] }) => [v.version, v.aliases]), [
      ['2', ['champion']],
      ['1', ['previous']],
    ]);
    const v2 = models.versions[0];
    assert.equal(v2.forced, true);
    assert.equal(v2.replaced_version, '1');
    assert.equal(v2.algorithm, 'BaselineOnly');
    assert.ok(v2.metrics.holdout_rmse > 0 && v2.metrics.cv_rmse > 0);
    assert.match(v2.data.hash, /^sha256:/);

    const rollback = await app.inject({ method: 'POST', url: '/models/rollback', headers: auth });
    assert.equal(rollback.statusCode, 200);
    assert.deepEqual(rollback.json(), { name: 'marquee-recommender', rolled_back: '2', champion: '1', previous: null });
    const again = await app.inject({ method: 'POST', url: '/models/rollback', headers: auth });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().message, /no previous version/);
    assert.equal((await app.inject({ url: '/models' })).json().champion, '1');
  });

  test('a job the built-in cron starts says so: trigger "schedule" in the job and on its tracking run', async () => {
    const { jobId, done } = await training.jobs.start({ trigger: 'schedule', force: true, overrides: { candidates: [{ algo: 'BaselineOnly' }] } });
    await done;
    const job = (await app.inject({ url: `/training/jobs/${jobId}` })).json();
    assert.equal(job.state, 'succeeded', String(job.error));
    assert.equal(job.trigger, 'schedule');
    const run = (await app.inject({ url: `/mlflow/api/2.0/mlflow/runs/get?run_id=${job.run_id}` })).json().run;
    assert.deepEqual(
      run.data.tags.filter((t: { key: string }) => t.key === 'marquee.trigger'),
      [{ key: 'marquee.trigger', value: 'schedule' }],
    );
  });
});
