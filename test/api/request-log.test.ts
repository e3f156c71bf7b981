import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { forEachDatabase } from '../support/databases.ts';
import { seed, testApp, testConfig } from './support/api-fixture.ts';

forEachDatabase('request log', (open) => {
  const lines: Record<string, unknown>[] = [];
  let app: FastifyInstance;
  before(async () => {
    const db = await open();
    await seed(db);
    app = await testApp(db, { config: testConfig({ logLevel: 'info' }), logStream: { write: (line) => void lines.push(JSON.parse(line)) } });
  });
  after(() => app?.close());

  test('at info, one line per answered request, naming the request and its status', async () => {
    lines.length = 0;
    await app.inject({ url: '/health', remoteAddress: '10.0.0.7' });
    assert.equal(lines.length, 1, JSON.stringify(lines));
    const [line] = lines as { level: number; msg: string; reqId: string; req: Record<string, unknown>; res: Record<string, unknown>; responseTime: number }[];
    assert.deepEqual([line.level, line.msg, line.req.method, line.req.url, line.req.remoteAddress, line.res.statusCode], [30, 'request completed', 'GET', '/health', '10.0.0.7', 200]);
    assert.equal(typeof line.reqId, 'string');
    assert.ok(line.responseTime >= 0);
  });

  test('a rejected request keeps its own line about why, then the completed one', async () => {
    lines.length = 0;
    await app.inject({ method: 'POST', url: '/predict', payload: { user_id: 'x' } });
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['request rejected', 'request completed'],
    );
    assert.equal((lines[1].res as { statusCode: number }).statusCode, 400);
  });
});
