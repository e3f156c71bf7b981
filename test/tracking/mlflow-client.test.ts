/**
 * Our client against the embedded server, through both transports (in-process inject, and fetch
 * over a real socket on 127.0.0.1), for the whole flow the training pipeline uses.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTrackingClient } from '../../src/tracking/create-tracking-client.ts';
import { MlflowClient } from '../../src/tracking/mlflow-client.ts';
import { InjectTransport } from '../../src/tracking/transport/inject-transport.ts';
import { MlflowError } from '../../src/tracking/mlflow-error.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildTrackingApp, type TrackingApp } from './support/tracking-app.ts';

async function pipelineFlow(client: MlflowClient, suffix: string): Promise<void> {
  assert.equal(await client.getExperimentByName(`marquee-${suffix}`), undefined);
  const experimentId = await client.createExperiment(`marquee-${suffix}`, { project: 'marquee' });
  const experiment = await client.getExperiment(experimentId);
  assert.equal(experiment.name, `marquee-${suffix}`);
  assert.deepEqual(experiment.tags, [{ key: 'project', value: 'marquee' }]);
  assert.equal((await client.getExperimentByName(`marquee-${suffix}`))?.experiment_id, experimentId);
  assert.deepEqual(
    (await client.searchExperiments({ filter: `name = 'marquee-${suffix}'` })).items.map((e) => e.experiment_id),
    [experimentId],
  );

  const parent = await client.createRun({ experimentId, runName: 'train-2024-01', startTime: 1_700_000_000_000, tags: { trigger: 'manual' } });
  const parentId = parent.info.run_id;
  assert.equal(parent.info.status, 'RUNNING');
  assert.equal(parent.info.start_time, 1_700_000_000_000);

  const children: string[] = [];
  for (const [algorithm, rmse] of [
    ['svd', 0.87],
    ['knn', 0.93],
  ] as const) {
    const child = await client.createRun({ experimentId, runName: algorithm, parentRunId: parentId });
    const runId = child.info.run_id;
    children.push(runId);
    await client.logParam(runId, 'algorithm', algorithm);
    await client.logParam(runId, 'algorithm', algorithm); // the same value again is accepted
    await client.logBatch(runId, {
      params: { n_factors: 100, biased: true },
      metrics: [0, 1, 2].map((fold) => ({ key: 'fold_rmse', value: rmse + fold / 100, step: fold, timestamp: 1_700_000_001_000 + fold })),
      tags: { fold_count: '3' },
    });
    await client.logMetric(runId, 'rmse', rmse, { step: 0, timestamp: 1_700_000_002_000 });
    await client.setTag(runId, 'algorithm_family', 'collaborative');
    await client.finishRun(runId, 'FINISHED', 1_700_000_003_000);
  }

  await assert.rejects(client.logParam(children[0], 'algorithm', 'baseline'), (e: unknown) => {
    assert.ok(e instanceof MlflowError);
    assert.equal(e.status, 400);
    assert.equal(e.errorCode, 'INVALID_PARAMETER_VALUE');
    assert.match(e.message, /Changing param values is not allowed/);
    return true;
  });

  const svd = await client.getRun(children[0]);
  assert.deepEqual(svd.data.params, [
    { key: 'algorithm', value: 'svd' },
    { key: 'n_factors', value: '100' },
    { key: 'biased', value: 'true' },
  ]);
  assert.equal(svd.info.status, 'FINISHED');
  assert.equal(svd.info.end_time, 1_700_000_003_000);
  assert.deepEqual(
    (await client.getMetricHistory(children[0], 'fold_rmse')).map((m) => [m.step, m.value]),
    [
      [0, 0.87],
      [1, 0.88],
      [2, 0.89],
    ],
  );
  assert.deepEqual(
    (await client.childRuns(experimentId, parentId)).map((r) => r.info.run_id).sort(),
    [...children].sort(),
  );
  const best = await client.searchRuns({ experimentIds: [experimentId], filter: "metrics.rmse < 0.9 and params.algorithm = 'svd'", orderBy: ['metrics.rmse ASC'] });
  assert.deepEqual(
    best.items.map((r) => r.info.run_name),
    ['svd'],
  );

  const model = Buffer.from(JSON.stringify({ algorithm: 'svd', factors: [[0.1, 0.2]] }));
  await client.uploadArtifact(svd.info, 'model/model.json', model);
  await client.uploadArtifact(svd.info, 'model/MLmodel', Buffer.from('artifact_path: model\n'));
  await client.uploadArtifact(svd.info, 'report.txt', Buffer.from('fine'));
  assert.deepEqual(await client.downloadArtifact(svd.info.artifact_uri, 'model/model.json'), model);
  assert.deepEqual(await client.downloadArtifact(`${svd.info.artifact_uri}/model/model.json`), model);
  assert.deepEqual(await client.listArtifacts(children[0]), [
    { path: 'model', is_dir: true },
    { path: 'report.txt', is_dir: false, file_size: 4 },
  ]);
  assert.deepEqual(
    (await client.listArtifacts(children[0], 'model')).map((f) => f.path),
    ['model/MLmodel', 'model/model.json'],
  );

  await client.finishRun(parentId);
  const registered = await client.createRegisteredModel(`recommender-${suffix}`, { description: 'movie ratings', tags: { owner: 'marquee' } });
  assert.equal(registered.description, 'movie ratings');
  const v1 = await client.createModelVersion({ name: `recommender-${suffix}`, source: `${svd.info.artifact_uri}/model`, runId: children[0], tags: { rmse: '0.87' } });
  const v2 = await client.createModelVersion({ name: `recommender-${suffix}`, source: `${svd.info.artifact_uri}/model`, runId: children[0] });
  assert.deepEqual([v1.version, v2.version], ['1', '2']);
  await client.setModelVersionTag(`recommender-${suffix}`, '2', 'validated', 'true');
  assert.deepEqual((await client.getModelVersion(`recommender-${suffix}`, '2')).tags, [{ key: 'validated', value: 'true' }]);
  assert.equal(await client.getModelVersionDownloadUri(`recommender-${suffix}`, '1'), `${svd.info.artifact_uri}/model`);
  assert.deepEqual(
    (await client.searchModelVersions({ filter: `run_id = '${children[0]}'` })).items.map((v) => v.version),
    ['2', '1'],
  );
  assert.deepEqual(
    (await client.searchRegisteredModels({ filter: `name LIKE 'recommender-${suffix}%'` })).items.map((m) => m.name),
    [`recommender-${suffix}`],
  );

  assert.equal(await client.getModelVersionByAlias(`recommender-${suffix}`, 'champion'), undefined);
  await client.setAlias(`recommender-${suffix}`, 'champion', '1');
  await client.setAlias(`recommender-${suffix}`, 'champion', '2'); // moving an alias replaces it
  const champion = await client.getModelVersionByAlias(`recommender-${suffix}`, 'champion');
  assert.equal(champion?.version, '2');
  assert.deepEqual(champion?.aliases, ['champion']);
  assert.deepEqual((await client.getRegisteredModel(`recommender-${suffix}`)).aliases, [{ alias: 'champion', version: '2' }]);
  await client.deleteAlias(`recommender-${suffix}`, 'champion');
  assert.equal(await client.getModelVersionByAlias(`recommender-${suffix}`, 'champion'), undefined);

  await assert.rejects(client.getRun('0123456789abcdef0123456789abcdef'), (e: unknown) => e instanceof MlflowError && e.status === 404 && e.errorCode === 'RESOURCE_DOES_NOT_EXIST');
}

forEachDatabase('MLflow client against the embedded server', (open) => {
  let server: TrackingApp;
  before(async () => {
    server = await buildTrackingApp(await open(), { prefix: '/mlflow' });
  });
  after(() => server.close());

  test('in process (inject), the default without MLFLOW_TRACKING_URI', async () => {
    const client = createTrackingClient({ embedded: { app: server.app, prefix: '/mlflow' } });
    assert.match(client.describe(), /embedded tracking server at \/mlflow/);
    await pipelineFlow(client, 'inject');
  });

  test('over HTTP on 127.0.0.1 (fetch), as with MLFLOW_TRACKING_URI', async () => {
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.app.server.address() as AddressInfo;
    const client = createTrackingClient({ trackingUri: `http://127.0.0.1:${port}/mlflow/`, embedded: { app: server.app } });
    assert.equal(client.describe(), `http://127.0.0.1:${port}/mlflow`);
    await pipelineFlow(client, 'fetch');
  });
});

describe('MLflow client failures', () => {
  test('no server listening is CONNECTION_FAILED with status 0', async () => {
    const client = createTrackingClient({ trackingUri: 'http://127.0.0.1:9/' });
    await assert.rejects(client.getExperiment('0'), (e: unknown) => e instanceof MlflowError && e.status === 0 && e.errorCode === 'CONNECTION_FAILED');
  });

  test('a non-JSON error page becomes HTTP_<status> with a readable message', async () => {
    const gateway = { inject: async () => ({ statusCode: 502, headers: { 'content-type': 'text/html' }, rawPayload: Buffer.from('<html><h1>Bad Gateway</h1></html>') }) };
    const client = new MlflowClient(new InjectTransport(gateway as unknown as Pick<FastifyInstance, 'inject'>));
    await assert.rejects(client.getExperiment('0'), (e: unknown) => e instanceof MlflowError && e.errorCode === 'HTTP_502' && /Bad Gateway/.test(e.message));
  });

  test('an artifact URI the server does not proxy is refused with the fix', async () => {
    const client = createTrackingClient({ trackingUri: 'http://127.0.0.1:9/' });
    await assert.rejects(client.downloadArtifact('s3://bucket/1/abc/artifacts', 'model.json'), /--serve-artifacts/);
  });

  test('neither a tracking URI nor an embedded server is a clear error', () => {
    assert.throws(() => createTrackingClient({}), /MLFLOW_TRACKING_URI/);
  });
});
