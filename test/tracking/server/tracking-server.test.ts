/**
 * Embedded tracking server behaviour beyond the recorded exchanges: route aliases, atomic batches,
 * pagination, artifact path safety and streaming, and id allocation under concurrent requests.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../../support/databases.ts';
import { buildTrackingApp, type TrackingApp } from '../support/tracking-app.ts';

forEachDatabase('embedded tracking server', (open) => {
  let server: TrackingApp;
  let experimentId: string;
  before(async () => {
    server = await buildTrackingApp(await open());
    experimentId = (await call('POST', '/api/2.0/mlflow/experiments/create', { name: 'behaviour' })).json.experiment_id as string;
  });
  after(() => server.close());

  async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
    const response = await server.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
    const json = response.headers['content-type']?.toString().startsWith('application/json') ? (JSON.parse(response.body) as Record<string, unknown>) : {};
    return { status: response.statusCode, json, body: response.body };
  }

  async function newRun(name: string, startTime = 1_700_000_000_000): Promise<string> {
    const out = await call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, run_name: name, start_time: startTime });
    return (out.json.run as { info: { run_id: string } }).info.run_id;
  }

  test('experiment "0" (Default) exists from the migration on', async () => {
    const out = await call('GET', '/api/2.0/mlflow/experiments/get?experiment_id=0');
    assert.equal(out.status, 200);
    assert.equal((out.json.experiment as { name: string }).name, 'Default');
    assert.equal((await call('GET', '/api/2.0/mlflow/experiments/get?experiment_id=abc')).status, 404);
  });

  test('the /ajax-api/2.0 alias reaches the same data', async () => {
    const created = await call('POST', '/ajax-api/2.0/mlflow/experiments/create', { name: 'via-ajax' });
    assert.equal(created.status, 200);
    const fetched = await call('GET', `/api/2.0/mlflow/experiments/get?experiment_id=${created.json.experiment_id}`);
    assert.equal((fetched.json.experiment as { name: string }).name, 'via-ajax');
    const missing = await call('GET', '/ajax-api/2.0/mlflow-artifacts/nothing');
    assert.deepEqual([missing.status, missing.json.error_code], [404, 'ENDPOINT_NOT_FOUND']);
  });

  test('a refused param rejects the whole log-batch: none of its metrics or tags are kept', async () => {
    const runId = await newRun('atomic');
    await call('POST', '/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'alpha', value: '1' });
    const refused = await call('POST', '/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'rmse', value: 0.5, timestamp: 1, step: 0 }],
      params: [{ key: 'alpha', value: '2' }],
      tags: [{ key: 'kept', value: 'no' }],
    });
    assert.equal(refused.status, 400);
    const run = (await call('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`)).json.run as { data: Record<string, unknown> };
    assert.equal(run.data.metrics, undefined);
    assert.deepEqual(run.data.tags, [{ key: 'mlflow.runName', value: 'atomic' }]);
  });

  test('a deleted run refuses writes until restored', async () => {
    const runId = await newRun('deleted');
    await call('POST', '/api/2.0/mlflow/runs/delete', { run_id: runId });
    const refused = await call('POST', '/api/2.0/mlflow/runs/set-tag', { run_id: runId, key: 'k', value: 'v' });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.message), /must be in the 'active' state/);
    await call('POST', '/api/2.0/mlflow/runs/restore', { run_id: runId });
    assert.equal((await call('POST', '/api/2.0/mlflow/runs/set-tag', { run_id: runId, key: 'k', value: 'v' })).status, 200);
  });

  test('run search pages with next_page_token and orders by params and attributes', async () => {
    const exp = (await call('POST', '/api/2.0/mlflow/experiments/create', { name: 'paging' })).json.experiment_id;
    for (const [k, name] of ['b', 'c', 'a'].entries()) {
      const out = await call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp, run_name: name, start_time: 1_700_000_000_000 + k });
      const runId = (out.json.run as { info: { run_id: string } }).info.run_id;
      await call('POST', '/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'letter', value: name });
    }
    const names = (json: Record<string, unknown>) => ((json.runs ?? []) as { info: { run_name: string } }[]).map((r) => r.info.run_name);
    const first = await call('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: [exp], max_results: 2, order_by: ['params.letter ASC'] });
    assert.deepEqual(names(first.json), ['a', 'b']);
    assert.equal(typeof first.json.next_page_token, 'string');
    const second = await call('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: [exp], max_results: 2, order_by: ['params.letter ASC'], page_token: first.json.next_page_token });
    assert.deepEqual(names(second.json), ['c']);
    assert.equal(second.json.next_page_token, undefined);
    const byStart = await call('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: [exp], order_by: ['attributes.start_time DESC'] });
    assert.deepEqual(names(byStart.json), ['a', 'c', 'b']);
    const badToken = await call('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: [exp], page_token: 'not-a-token' });
    assert.deepEqual([badToken.status, badToken.json.error_code], [400, 'INVALID_PARAMETER_VALUE']);
  });

  test('a missing nested field is named like MLflow does', async () => {
    const out = await call('POST', '/api/2.0/mlflow/experiments/create', { name: 'nested', tags: [{ key: 'no-value' }] });
    assert.equal(out.status, 400);
    assert.equal(out.json.message, "Missing value for required parameter 'tags[0].value'. See the API docs for more information about request parameters.");
  });

  test('artifact paths that leave the run folder are refused; large and empty files stream through', async () => {
    // Literal `..` is resolved by URL parsing before routing; encoded forms reach the route and are refused there.
    for (const path of ['1/run/artifacts/..%2F..%2F..%2F..%2Fx', '1/run/artifacts/a%5Cb', '1/run/artifacts/a//b']) {
      const out = await call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${path}`, Buffer.from('x'));
      assert.deepEqual([out.status, out.json.error_code], [400, 'INVALID_PARAMETER_VALUE'], path);
    }
    await call('PUT', '/api/2.0/mlflow-artifacts/artifacts/1/run/artifacts/../../../../escape.txt', Buffer.from('x'));
    assert.ok((await server.store.list('')).every((o) => o.key.startsWith('mlflow-artifacts/')), 'every object stays under mlflow-artifacts/');
    const big = Buffer.alloc(3 * 1024 * 1024, 7); // beyond Fastify's 1 MiB JSON body limit
    assert.equal((await call('PUT', '/api/2.0/mlflow-artifacts/artifacts/9/run/artifacts/model.bin', big)).status, 200);
    const back = await server.app.inject({ method: 'GET', url: '/api/2.0/mlflow-artifacts/artifacts/9/run/artifacts/model.bin' });
    assert.equal(back.headers['content-type'], 'application/octet-stream');
    assert.ok(back.rawPayload.equals(big));
    assert.equal((await server.app.inject({ method: 'PUT', url: '/api/2.0/mlflow-artifacts/artifacts/9/run/artifacts/empty.txt' })).statusCode, 200);
    const listing = await call('GET', '/api/2.0/mlflow-artifacts/artifacts?path=9/run/artifacts');
    assert.deepEqual(listing.json.files, [
      { path: 'empty.txt', is_dir: false, file_size: 0 },
      { path: 'model.bin', is_dir: false, file_size: big.length },
    ]);
    assert.equal((await call('DELETE', '/api/2.0/mlflow-artifacts/artifacts/9/run/artifacts/empty.txt')).status, 200);
    assert.equal((await call('GET', '/api/2.0/mlflow-artifacts/artifacts/9/run/artifacts/empty.txt')).status, 500);
  });

  test('reserved alias names are refused', async () => {
    await call('POST', '/api/2.0/mlflow/registered-models/create', { name: 'aliased' });
    await call('POST', '/api/2.0/mlflow/model-versions/create', { name: 'aliased', source: 'mlflow-artifacts:/0/x/artifacts/model' });
    for (const alias of ['latest', 'v1', 'V12']) {
      const out = await call('POST', '/api/2.0/mlflow/registered-models/alias', { name: 'aliased', alias, version: '1' });
      assert.equal(out.status, 400, alias);
    }
  });

  test('concurrent requests get distinct ids and exactly one winner per conflict', async () => {
    await call('POST', '/api/2.0/mlflow/registered-models/create', { name: 'concurrent' });
    const versions = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/api/2.0/mlflow/model-versions/create', { name: 'concurrent', source: 's3://bucket/model' })),
    );
    assert.deepEqual(
      versions.map((v) => Number((v.json.model_version as { version: string }).version)).sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );

    const sameName = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/2.0/mlflow/experiments/create', { name: 'race' })));
    assert.deepEqual(sameName.map((r) => r.status).sort(), [200, 400, 400, 400, 400]);
    assert.ok(sameName.filter((r) => r.status === 400).every((r) => r.json.error_code === 'RESOURCE_ALREADY_EXISTS'));

    const experiments = await Promise.all(Array.from({ length: 6 }, (_, k) => call('POST', '/api/2.0/mlflow/experiments/create', { name: `parallel-${k}` })));
    assert.equal(new Set(experiments.map((r) => r.json.experiment_id)).size, 6);

    const runId = await newRun('param-race');
    const params = await Promise.all(
      ['1', '2', '3', '4'].map((value) => call('POST', '/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'seed', value })),
    );
    assert.deepEqual(params.map((r) => r.status).sort(), [200, 400, 400, 400]);
  });
});
