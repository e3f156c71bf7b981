/**
 * The training flow with the artifact store on a real S3-protocol server (s3rver on loopback, started
 * here), on both databases: the model file and its reference statistics land in the bucket, the
 * champion loads back from it, and an S3 outage during the upload fails the job without touching
 * the champion.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3ArtifactStore } from '../../src/artifacts/s3/s3-store.ts';
import { loadServingModel } from '../../src/pipeline/model-artifacts.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startS3Server, TEST_BUCKET } from '../artifacts/support/s3-server.ts';
import { train, trainingFixture } from './support/training-fixture.ts';

forEachDatabase('training with S3 artifacts', (open) => {
  test('promotes into the bucket, rejects the same data, rolls back; an S3 outage fails the job only', async () => {
    const db = await open();
    const server = await startS3Server();
    const store = new S3ArtifactStore({ client: server.client({ maxAttempts: 2 }), bucket: TEST_BUCKET, prefix: 'marquee' });
    const fixture = await trainingFixture(db, { artifacts: store, env: { TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"},{"algo":"SVD","params":{"n_factors":20}}]' } });
    let serverClosed = false;
    try {
      const { runtime, tracking } = fixture;
      const first = await train(runtime);
      assert.equal(first.job?.model?.version, '1', first.error);
      const v1 = (await runtime.registry.champion())!;
      const keys = (await store.list('mlflow-artifacts/')).map((o) => o.key).filter((k) => k.includes(v1.runId!));
      assert.deepEqual(keys.map((k) => k.split('/').slice(-2).join('/')).sort(), ['model/model.mrqm', 'model/reference-stats.json']);
      const serving = await loadServingModel(tracking, v1);
      assert.equal(serving.version, '1');
      assert.equal(serving.algorithm.name, v1.tags['marquee.algorithm']);

      const second = await train(runtime);
      assert.equal(second.job?.decision, 'rejected', second.error);
      assert.match(second.job?.reason ?? '', /not better than champion v1/);

      const forced = await train(runtime, { force: true });
      assert.equal(forced.job?.model?.version, '2', forced.error);
      assert.deepEqual(await runtime.rollback(), { from: '2', to: '1', previous: undefined });

      // S3 goes away: the next upload cannot happen, and nothing moves.
      await server.close();
      serverClosed = true;
      const outage = await train(runtime, { force: true });
      assert.equal(outage.job?.state, 'failed');
      assert.match(outage.job?.error ?? '', /^uploading failed: /);
      assert.equal((await tracking.getRun(outage.job!.run_id!)).info.status, 'FAILED');
      assert.equal((await runtime.registry.champion())?.version, '1');
      assert.deepEqual((await runtime.registry.list()).map((v) => v.version), ['2', '1']);
    } finally {
      await fixture.close();
      await store.close();
      if (!serverClosed) await server.close();
    }
  });
});
