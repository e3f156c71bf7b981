/**
 * The private in-process tracking server logs at LOG_LEVEL but writes no line for each of the
 * pipeline's tracking calls (hundreds per training run): only what goes wrong. Checked on the
 * connection itself, and on `marquee train` as a user runs it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { openPostgres } from '../../src/data/db/postgres/index.ts';
import { connectTracking } from '../../src/pipeline/tracking-connection.ts';
import { MlflowError } from '../../src/tracking/mlflow-error.ts';
import { forEachDatabase } from '../support/databases.ts';
import { loadBundledData } from './support/bundled-data.ts';
import { runCli } from './support/cli-process.ts';

/** Lines of `text` that are JSON objects: what the Fastify/pino logger writes. */
function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

forEachDatabase('marquee train log', (open, { fresh }) => {
  test('the connection at info: no line for a request that succeeds, one for a 500 with its cause', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-tracking-log-'));
    // A file where the artifact folder should be: every artifact write fails inside the server.
    await writeFile(join(dir, 'not-a-folder'), '');
    const lines: string[] = [];
    const tracking = await connectTracking({
      trackingUri: undefined,
      db: await open(),
      artifacts: new LocalArtifactStore(join(dir, 'not-a-folder')),
      logLevel: 'info',
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const experimentId = await tracking.client.createExperiment('logged');
      const run = await tracking.client.createRun({ experimentId });
      await tracking.client.logMetric(run.info.run_id, 'rmse', 0.9);
      assert.deepEqual(lines, []);
      await assert.rejects(tracking.client.uploadArtifact(run.info, 'model.json', Buffer.from('{}')), (e: unknown) => e instanceof MlflowError && e.status === 500);
      assert.equal(lines.length, 1, lines.join(''));
      const line = JSON.parse(lines[0]) as { level: number; msg: string; err?: { message?: string } };
      assert.equal(line.level, 50);
      assert.equal(line.msg, 'tracking request failed');
      assert.ok(line.err?.message, 'the cause is logged');
    } finally {
      await tracking.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('at LOG_LEVEL=info, stderr has the progress lines and no per-request log lines', async () => {
    const target = await fresh();
    const db = target.databaseUrl ? await openPostgres(target.databaseUrl) : await openPglite(target.pgliteDir);
    try {
      await loadBundledData(db, { maxUserId: 40 });
    } finally {
      await db.close();
    }
    const env = { ...target.env, LOG_LEVEL: 'info', TRAINING_JOBS: '1', TRAINING_MIN_MOVIE_RATINGS: '2', TRAINING_CANDIDATES: '[{"algo": "BaselineOnly"}]' };
    const result = await runCli(['train', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).state, 'succeeded');
    // The command did reach the tracking server: its run is recorded, and its steps were reported.
    assert.match(JSON.parse(result.stdout).run_id, /^[0-9a-f]{32}$/);
    assert.match(result.stderr, /\] cross-validating: /);
    const requestLines = logLines(result.stderr).filter((line) => 'reqId' in line || 'req' in line || 'res' in line);
    assert.deepEqual(requestLines, [], `per-request log lines on stderr:\n${result.stderr.slice(0, 2000)}`);
    assert.doesNotMatch(result.stderr, /Deprecation|Warning:/, 'no runtime warnings either');
  });
});
