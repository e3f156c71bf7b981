/**
 * Credentials for a tracking server at MLFLOW_TRACKING_URI, from the configuration to the wire:
 * - MLFLOW_TRACKING_TOKEN against Marquee's own API, whose /mlflow tracking server takes
 *   MARQUEE_API_KEY as a bearer token for writes;
 * - MLFLOW_TRACKING_USERNAME/PASSWORD against an HTTP Basic gate in front of a tracking server
 *   (what MLflow's basic-auth app or a reverse proxy does), which refuses every request, reads and
 *   artifact transfers included, without them.
 * Refusals name the server, the status and the variables to set, never the secret.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/data/db/database.ts';
import { connectTracking, trackingSettings } from '../../src/pipeline/tracking-connection.ts';
import type { MlflowClient } from '../../src/tracking/mlflow-client.ts';
import { MlflowError } from '../../src/tracking/mlflow-error.ts';
import { seed, testApp, testConfig } from '../api/support/api-fixture.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildTrackingApp, type TrackingApp } from './support/tracking-app.ts';

/** A client built the way the service builds it: from these variables through the configuration. */
async function clientFor(db: Database, env: Record<string, string>): Promise<MlflowClient> {
  const config = loadConfig(env);
  // The database and store serve only the embedded server; with a URI the client never touches them.
  return (await connectTracking({ ...trackingSettings(config), db, artifacts: new LocalArtifactStore(tmpdir()), logLevel: 'silent' })).client;
}

/** What the pipeline does with a server: experiment, run, metric, artifact up and down, registry. */
async function trackingWrites(client: MlflowClient, name: string): Promise<void> {
  const experimentId = await client.createExperiment(name);
  const run = await client.createRun({ experimentId, runName: 'train' });
  await client.logMetric(run.info.run_id, 'rmse', 0.87);
  const bytes = Buffer.from(JSON.stringify({ algo: 'SVD', factors: [0.1, 0.2] }));
  await client.uploadArtifact(run.info, 'model/model.json', bytes);
  assert.deepEqual(await client.downloadArtifact(run.info.artifact_uri, 'model/model.json'), bytes);
  await client.finishRun(run.info.run_id);
  await client.createRegisteredModel(name);
  const version = await client.createModelVersion({ name, source: `${run.info.artifact_uri}/model`, runId: run.info.run_id });
  await client.setAlias(name, 'champion', version.version);
  assert.equal((await client.getModelVersionByAlias(name, 'champion'))?.version, version.version);
}

/** Asserts a refusal that names the server, the status, what was sent, and does not show `secret`. */
function refusal(server: string, status: number, sent: RegExp, secret: string) {
  return (error: unknown) => {
    assert.ok(error instanceof MlflowError, String(error));
    assert.equal(error.status, status);
    assert.ok(error.message.startsWith(`tracking server ${server} refused `), error.message);
    assert.match(error.message, new RegExp(` with ${status} (Unauthorized|Forbidden): `));
    assert.match(error.message, sent);
    assert.ok(!error.message.includes(secret), `the message shows the secret: ${error.message}`);
    return true;
  };
}

forEachDatabase('MLFLOW_TRACKING_TOKEN against Marquee with MARQUEE_API_KEY', (open) => {
  const KEY = 'marquee-key-0123456789';
  let db: Database;
  let root: string;
  let app: FastifyInstance;
  let uri: string;
  before(async () => {
    db = await open();
    await seed(db);
    root = await mkdtemp(join(tmpdir(), 'marquee-credentials-'));
    app = await testApp(db, { config: testConfig({ apiKey: KEY }), trackingArtifacts: new LocalArtifactStore(root) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    uri = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mlflow`;
  });
  after(async () => {
    await app?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('with the key as the token, the writes and artifact transfers succeed', async () => {
    await trackingWrites(await clientFor(db, { MLFLOW_TRACKING_URI: uri, MLFLOW_TRACKING_TOKEN: KEY }), 'with-token');
  });

  test('without a token, writes fail with 401 naming the server and the variables to set', async () => {
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: uri });
    const noCredentials = /requests carry no credentials: set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD/;
    await assert.rejects(client.createExperiment('no-token'), refusal(uri, 401, noCredentials, KEY));
    await assert.rejects(client.createExperiment('no-token'), (e: MlflowError) => e.errorCode === 'UNAUTHENTICATED' && /Authorization: Bearer/.test(e.message));
    // The artifact proxy is guarded too: an upload without the key is refused the same way.
    const run = await (await clientFor(db, { MLFLOW_TRACKING_URI: uri, MLFLOW_TRACKING_TOKEN: KEY })).createRun({ experimentId: '0' });
    await assert.rejects(client.uploadArtifact(run.info, 'model.json', Buffer.from('{}')), refusal(uri, 401, noCredentials, KEY));
  });

  test('a wrong token fails with 401, saying a token was sent, without showing it', async () => {
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: uri, MLFLOW_TRACKING_TOKEN: 'not-the-key' });
    await assert.rejects(client.createExperiment('wrong-token'), refusal(uri, 401, /The API key is not valid; requests carry the bearer token of MLFLOW_TRACKING_TOKEN$/, 'not-the-key'));
  });

  test('HTTP Basic credentials are not the bearer key: refused', async () => {
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: uri, MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: KEY });
    await assert.rejects(client.createExperiment('basic'), refusal(uri, 401, /HTTP Basic credentials for user "admin"/, KEY));
  });
});

/**
 * An HTTP Basic gate in front of a tracking server: without the right credentials it answers as
 * MLflow's basic-auth app does (401, a text page, `WWW-Authenticate: Basic realm="mlflow"`);
 * with them it hands the request to the tracking server. It records every request's headers.
 */
async function basicGate(tracking: TrackingApp, username: string, password: string): Promise<{ server: Server; uri: string; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const expected = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'www-authenticate': 'Basic realm="mlflow"' });
        res.end('You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.');
        return;
      }
      const contentType = req.headers['content-type'];
      void tracking.app
        .inject({ method: req.method as 'GET', url: req.url ?? '/', headers: contentType ? { 'content-type': contentType } : {}, payload: Buffer.concat(chunks) })
        .then((answer) => {
          res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
          res.end(answer.rawPayload);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

forEachDatabase('MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD against an HTTP Basic gate', (open) => {
  // Spaces and a non-ASCII letter: sent as UTF-8, as MLflow's client encodes them, and not trimmed.
  const USER = 'alice';
  const PASSWORD = ' pä ss ';
  let db: Database;
  let tracking: TrackingApp;
  let gate: Awaited<ReturnType<typeof basicGate>>;
  before(async () => {
    db = await open();
    tracking = await buildTrackingApp(db);
    gate = await basicGate(tracking, USER, PASSWORD);
  });
  after(async () => {
    if (gate) await new Promise((resolve) => gate.server.close(resolve));
    await tracking?.close();
  });

  test('every request carries the credentials, artifact uploads and downloads included', async () => {
    gate.seen.length = 0;
    await trackingWrites(await clientFor(db, { MLFLOW_TRACKING_URI: gate.uri, MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: PASSWORD }), 'basic');
    const artifactRequests = gate.seen.filter((r) => r.url.startsWith('/api/2.0/mlflow-artifacts/artifacts/'));
    assert.equal(artifactRequests.length, 2, 'one upload and one download went through the proxy');
    assert.ok(gate.seen.length > 8);
  });

  test('with a token set as well, Basic is sent, as MLflow\'s client does', async () => {
    gate.seen.length = 0;
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: gate.uri, MLFLOW_TRACKING_TOKEN: 'a-token', MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: PASSWORD });
    await client.createExperiment('basic-and-token');
    assert.match(String(gate.seen[0].headers.authorization), /^Basic /);
  });

  test('a wrong password fails with 401 naming the server and the user, without the password', async () => {
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: gate.uri, MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: 'wrong-password' });
    await assert.rejects(client.createExperiment('wrong'), refusal(gate.uri, 401, /You are not authenticated\..*; requests carry HTTP Basic credentials for user "alice"/, 'wrong-password'));
    await assert.rejects(client.getExperiment('0'), (e: MlflowError) => e.errorCode === 'HTTP_401');
  });

  test('a token alone is a Bearer header, which the gate refuses', async () => {
    gate.seen.length = 0;
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: gate.uri, MLFLOW_TRACKING_TOKEN: 'a-token' });
    await assert.rejects(client.getExperiment('0'), refusal(gate.uri, 401, /requests carry the bearer token of MLFLOW_TRACKING_TOKEN/, 'a-token'));
    assert.equal(gate.seen[0].headers.authorization, 'Bearer a-token');
  });

  test('without credentials no Authorization header is sent at all', async () => {
    gate.seen.length = 0;
    const client = await clientFor(db, { MLFLOW_TRACKING_URI: gate.uri });
    await assert.rejects(client.getExperiment('0'), refusal(gate.uri, 401, /requests carry no credentials/, PASSWORD));
    assert.equal(gate.seen[0].headers.authorization, undefined);
  });
});

describe('tracking credentials in the configuration', () => {
  test('read from the three variables; blank counts as unset; the password is not trimmed', () => {
    assert.deepEqual(loadConfig({}).mlflowCredentials, { token: undefined, username: undefined, password: undefined });
    assert.deepEqual(loadConfig({ MLFLOW_TRACKING_TOKEN: ' t0k3n ', MLFLOW_TRACKING_USERNAME: 'bob', MLFLOW_TRACKING_PASSWORD: ' pw ' }).mlflowCredentials, {
      token: 't0k3n',
      username: 'bob',
      password: ' pw ',
    });
    assert.deepEqual(loadConfig({ MLFLOW_TRACKING_TOKEN: '  ', MLFLOW_TRACKING_USERNAME: '', MLFLOW_TRACKING_PASSWORD: '' }).mlflowCredentials, {
      token: undefined,
      username: undefined,
      password: undefined,
    });
  });

  test('bad values name the variable and never show a secret', () => {
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ MLFLOW_TRACKING_USERNAME: 'bob' }, /MLFLOW_TRACKING_PASSWORD: required with MLFLOW_TRACKING_USERNAME/, 'bob'],
      [{ MLFLOW_TRACKING_PASSWORD: 'hunter2' }, /MLFLOW_TRACKING_USERNAME: required with MLFLOW_TRACKING_PASSWORD/, 'hunter2'],
      [{ MLFLOW_TRACKING_TOKEN: 'two words' }, /MLFLOW_TRACKING_TOKEN: expected visible ASCII characters without spaces/, 'two words'],
      [{ MLFLOW_TRACKING_USERNAME: 'a:b', MLFLOW_TRACKING_PASSWORD: 'hunter2' }, /MLFLOW_TRACKING_USERNAME: HTTP Basic cannot send a colon/, 'hunter2'],
      [{ MLFLOW_TRACKING_URI: 'http://bob:hunter2@mlflow:5000' }, /MLFLOW_TRACKING_URI: credentials in the URL .* set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD/, 'hunter2'],
    ];
    for (const [env, message, secret] of cases) {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof Error && message.test(e.message) && (secret === 'bob' || !e.message.includes(secret)),
        JSON.stringify(env),
      );
    }
  });

  test('the client holds the secret where inspecting or serialising it does not show it', async () => {
    const client = await clientFor({} as Database, { MLFLOW_TRACKING_URI: 'http://mlflow:5000', MLFLOW_TRACKING_TOKEN: 'tok-SECRET', MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'pw-SECRET' });
    for (const shown of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), client.describe()]) {
      assert.ok(!shown.includes('SECRET') && !shown.includes(Buffer.from('u:pw-SECRET').toString('base64')), shown);
    }
  });
});
