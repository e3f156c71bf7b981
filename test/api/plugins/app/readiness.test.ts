import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createReadiness } from '../../../../src/api/plugins/app/readiness.ts';
import type { Database } from '../../../../src/data/db/database.ts';

test('a database that does not answer makes the server unready after the timeout', async () => {
  // Only `query` is called by the probe; this one never settles, like a server behind a dead link.
  const hanging = { query: () => new Promise(() => {}) } as unknown as Database;
  const loaded = { current: () => ({ name: 'm', version: '1', algorithm: {} as never }) };
  const started = Date.now();
  const reasons = await createReadiness(hanging, loaded, Fastify({ logger: false }).log, 50).reasons();
  assert.deepEqual(reasons, ['the database is not reachable']);
  assert.ok(Date.now() - started < 1000);
});
