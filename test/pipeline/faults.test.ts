/**
 * Failure semantics: whatever fails (artifact store, tracking, the data), the job is failed with the
 * error, its parent run is FAILED, and the champion is unchanged. A model file that is not intact
 * is never registered, never promoted by a rollback, and never loaded for serving.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { ArtifactBody } from '../../src/artifacts/artifact-store.ts';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import type { Database } from '../../src/data/db/database.ts';
import { ArtifactStoreError } from '../../src/artifacts/errors.ts';
import { ModelArtifactError, RollbackError } from '../../src/pipeline/errors.ts';
import { loadServingModel } from '../../src/pipeline/model-artifacts.ts';
import { createTrainingRuntime } from '../../src/pipeline/training-runtime.ts';
import type { MlflowClient } from '../../src/tracking/mlflow-client.ts';
import { MlflowError } from '../../src/tracking/mlflow-error.ts';
import { forEachDatabase } from '../support/databases.ts';
import { SMALL_ENV, train, trainingFixture, type TrainingFixture } from './support/training-fixture.ts';

const QUICK = { TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"}]' };
const isModelFile = (key: string) => key.endsWith('/model/model.mrqm');

/** A local store that, on demand, refuses or damages model-file uploads. */
class FaultyStore extends LocalArtifactStore {
  mode: 'ok' | 'fail' | 'corrupt' = 'ok';

  override async put(key: string, body: ArtifactBody): Promise<void> {
    if (this.mode === 'ok' || !isModelFile(key)) return super.put(key, body);
    if (this.mode === 'fail') throw new ArtifactStoreError('writing', key, this.describe(), new Error('disk full (injected)'));
    const bytes = Buffer.from(body instanceof Readable ? Buffer.concat(await body.toArray()) : body);
    bytes[bytes.length >> 1] ^= 0xff;
    return super.put(key, bytes);
  }
}

async function withFaultyStore(db: Database, work: (f: TrainingFixture, store: FaultyStore, db: Database) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-faulty-'));
  const store = new FaultyStore(root);
  const fixture = await trainingFixture(db, { env: QUICK, artifacts: store });
  try {
    const first = await train(fixture.runtime);
    assert.equal(first.job?.model?.version, '1', first.error);
    await work(fixture, store, db);
  } finally {
    await fixture.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The forced run failed and left everything as it was: v1 champion, no new version, run FAILED. */
async function assertFailedAndUnchanged(fixture: TrainingFixture, end: Awaited<ReturnType<typeof train>>, error: RegExp): Promise<void> {
  assert.equal(end.job?.state, 'failed');
  assert.match(end.job?.error ?? '', error);
  assert.equal(end.job?.model, null);
  assert.equal((await fixture.tracking.getRun(end.job!.run_id!)).info.status, 'FAILED');
  assert.equal((await fixture.runtime.registry.champion())?.version, '1');
  assert.equal(await fixture.runtime.registry.previous(), undefined);
}

forEachDatabase('training faults', (open) => {
  test('the artifact store failing during the upload: job failed, champion unchanged', async () => {
    await withFaultyStore(await open(), async (fixture, store) => {
      store.mode = 'fail';
      const end = await train(fixture.runtime, { force: true });
      await assertFailedAndUnchanged(fixture, end, /^uploading failed: Internal error in the tracking server/);
      assert.deepEqual((await fixture.runtime.registry.list()).map((v) => v.version), ['1'], 'nothing registered');
    });
  });

  test('a model file damaged on its way to the store is never registered nor promoted', async () => {
    await withFaultyStore(await open(), async (fixture, store) => {
      store.mode = 'corrupt';
      const end = await train(fixture.runtime, { force: true });
      await assertFailedAndUnchanged(fixture, end, /^uploading failed: the model file read back from .* differs from the one uploaded/);
      assert.deepEqual((await fixture.runtime.registry.list()).map((v) => v.version), ['1']);
    });
  });

  test('a model file damaged after promotion is never served, nor rolled back to', async () => {
    await withFaultyStore(await open(), async (fixture, store) => {
      const forced = await train(fixture.runtime, { force: true });
      assert.equal(forced.job?.model?.version, '2', forced.error);
      const [v1, v2] = [await fixture.runtime.registry.version('1'), await fixture.runtime.registry.version('2')];
      // Damage v1's file in place (the rollback target) and v2's (the champion).
      for (const version of [v1, v2]) {
        const key = (await store.list('mlflow-artifacts/')).map((o) => o.key).find((k) => isModelFile(k) && k.includes(version.runId!))!;
        const bytes = await store.get(key);
        bytes[100] ^= 0x01;
        await store.put(key, bytes);
      }
      await assert.rejects(loadServingModel(fixture.tracking, v2), (e: unknown) => e instanceof ModelArtifactError && /SHA-256 differs/.test(e.message));
      await assert.rejects(fixture.runtime.rollback(), (e: unknown) => e instanceof RollbackError && /cannot roll back to v1: .*SHA-256 differs/.test(e.message));
      assert.equal((await fixture.runtime.registry.champion())?.version, '2', 'the refused rollback moved nothing');
      assert.equal((await fixture.runtime.registry.previous())?.version, '1');
    });
  });

  test('tracking failing while registering the version: job failed, champion unchanged', async () => {
    await withFaultyStore(await open(), async (fixture, _store, db) => {
      const broken: MlflowClient = Object.create(fixture.tracking, {
        createModelVersion: { value: async () => Promise.reject(new MlflowError(503, 'HTTP_503', 'tracking server unavailable (injected)')) },
      });
      const runtime = await createTrainingRuntime({ db, tracking: broken, env: { ...SMALL_ENV, ...QUICK } });
      try {
        const end = await train(runtime, { force: true });
        await assertFailedAndUnchanged(fixture, end, /^registering failed: tracking server unavailable \(injected\)/);
      } finally {
        await runtime.close();
      }
    });
  });

  test('filters that leave no ratings: job failed with the reason', async () => {
    await withFaultyStore(await open(), async (fixture) => {
      const end = await train(fixture.runtime, { overrides: { filters: { from: '2100-01-01T00:00:00Z' } } });
      await assertFailedAndUnchanged(fixture, end, /^loading failed: no ratings match the training filters/);
    });
  });
});
