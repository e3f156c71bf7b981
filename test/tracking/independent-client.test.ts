/**
 * The embedded server, listening on 127.0.0.1, driven by clients that share no code with ours:
 * the npm package `mlflow` (a third-party MLflow REST client) for experiments, runs and logging,
 * and plain fetch calls written from the recorded reference for what that package lacks
 * (artifact upload, model registry, aliases). Request shapes are theirs, not our protocol module's.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import mlflowPackage from 'mlflow';
import { RunStatus } from 'mlflow/enum.js';
import { forEachDatabase } from '../support/databases.ts';
import { buildTrackingApp, type TrackingApp } from './support/tracking-app.ts';

// The package is CommonJS whose module.exports is the client class; its typings call that a default export.
const MLflow = mlflowPackage as unknown as typeof mlflowPackage.default;

async function raw(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

forEachDatabase('independent MLflow clients against the embedded server', (open) => {
  let server: TrackingApp;
  let base: string;
  before(async () => {
    server = await buildTrackingApp(await open());
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('create experiment → run → log → register → alias', async (t) => {
    // The package prints every POST body with console.log; keep the test output clean.
    t.mock.method(console, 'log', () => {});
    const mlflow = new MLflow({ endpoint: base });

    // Its typings require artifact_location; an empty one means "the server's default", as on MLflow.
    const { experiment_id } = await mlflow.Experiments.create({ name: 'independent-client', artifact_location: '' });
    assert.equal((await mlflow.Experiments.get({ experiment_id })).experiment.artifact_location, `mlflow-artifacts:/${experiment_id}`);
    assert.equal((await mlflow.Experiments.get({ experiment_id })).experiment.name, 'independent-client');

    const { run } = await mlflow.Runs.create({ experiment_id, user_id: 'ci', start_time: 1_700_000_000_000, tags: [{ key: 'source', value: 'mlflow-npm' }] });
    const runId = run.info.run_id;
    assert.equal(run.info.user_id, 'ci');
    await mlflow.Runs.logParameter({ run_id: runId, key: 'alpha', value: '0.5' });
    await mlflow.Runs.logMetric({ run_id: runId, key: 'rmse', value: 0.95, timestamp: 1_700_000_001_000, step: 0 });
    await mlflow.Runs.logBatch({
      run_id: runId,
      metrics: [{ key: 'rmse', value: 0.9, timestamp: 1_700_000_002_000, step: 1 }],
      params: [{ key: 'epochs', value: '20' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    await mlflow.Runs.setTag({ run_id: runId, key: 'owner', value: 'independent' });
    await assert.rejects(mlflow.Runs.logParameter({ run_id: runId, key: 'alpha', value: '0.7' }), /"status":400.*INVALID_PARAMETER_VALUE/);
    await mlflow.Runs.update({ run_id: runId, status: RunStatus.FINISHED, end_time: 1_700_000_003_000 });

    const { run: stored } = await mlflow.Runs.get({ run_id: runId });
    assert.equal(stored.info.status, 'FINISHED');
    assert.deepEqual(stored.data.metrics, [{ key: 'rmse', value: 0.9, timestamp: 1_700_000_002_000, step: 1 }]);
    assert.deepEqual(stored.data.params, [
      { key: 'alpha', value: '0.5' },
      { key: 'epochs', value: '20' },
    ]);
    const history = await mlflow.Metrics.getHistory({ run_id: runId, metric_key: 'rmse' });
    assert.deepEqual(
      history.metrics.map((m: { value: number }) => m.value),
      [0.95, 0.9],
    );
    const { runs } = await mlflow.Runs.search({ experiment_ids: [experiment_id], filter: "metrics.rmse < 1 and tags.stage = 'dev'" });
    assert.deepEqual(
      runs.map((r: { info: { run_id: string } }) => r.info.run_id),
      [runId],
    );

    // Artifact upload and the registry, with plain fetch as the Python client sends them.
    const put = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/model/MLmodel`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'artifact_path: model\n',
    });
    assert.equal(put.status, 200);
    const listing = await mlflow.Artifacts.list({ run_id: runId, path: '' });
    assert.deepEqual(listing.files, [{ path: 'model', is_dir: true }]);

    assert.equal((await raw(base, 'POST', '/api/2.0/mlflow/registered-models/create', { name: 'independent-model' })).status, 200);
    const version = await raw(base, 'POST', '/api/2.0/mlflow/model-versions/create', {
      name: 'independent-model',
      source: `${stored.info.artifact_uri}/model`,
      run_id: runId,
    });
    assert.equal(version.status, 200);
    assert.equal((version.json.model_version as { version: string }).version, '1');
    assert.equal((await raw(base, 'POST', '/api/2.0/mlflow/registered-models/alias', { name: 'independent-model', alias: 'champion', version: '1' })).status, 200);
    const byAlias = await raw(base, 'GET', '/api/2.0/mlflow/registered-models/alias?name=independent-model&alias=champion');
    assert.equal(byAlias.status, 200);
    assert.deepEqual((byAlias.json.model_version as { aliases: string[] }).aliases, ['champion']);
    assert.equal((await raw(base, 'DELETE', '/api/2.0/mlflow/registered-models/alias', { name: 'independent-model', alias: 'champion' })).status, 200);
    const gone = await raw(base, 'GET', '/api/2.0/mlflow/registered-models/alias?name=independent-model&alias=champion');
    assert.deepEqual([gone.status, gone.json.error_code], [400, 'INVALID_PARAMETER_VALUE']);

    await mlflow.Runs.delete({ run_id: runId });
    assert.equal((await mlflow.Runs.get({ run_id: runId })).run.info.lifecycle_stage, 'deleted');
  });
});
