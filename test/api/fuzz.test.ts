/**
 * 10,000+ generated bad requests (support/bad-requests.ts) over a real loopback listener, plus raw
 * requests no HTTP client would send (unknown methods, bytes that are not UTF-8 in the request line,
 * broken headers). Every answer must be a 4xx — never a 5xx, a hang or a dropped connection — and the
 * server must be healthy afterwards, its data untouched by the SQL in the requests.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import type { Database } from '../../src/data/db/database.ts';
import { SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Trainset } from '../../src/engine/trainset.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { migrate } from '../../src/data/db/migrator.ts';
import { badRequests, type BadRequest } from './support/bad-requests.ts';
import { movies, ratings, seed, testApp, testConfig } from './support/api-fixture.ts';

const API_KEY = 'fuzz-key';
const COUNT = 10_000;
const CONCURRENCY = 32;

/** Request lines and headers that only a raw socket sends. */
const RAW = [
  'FOO / HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET\u0000 / HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /movies/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /m\u00c3\u0028 HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n',
  `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
];

function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

let db: Database;
let home: string;
let app: FastifyInstance;
let base: string;
let port: number;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'marquee-fuzz-'));
  db = await openPglite(join(home, 'pgdata'));
  await migrate(db);
  await seed(db);
  const data = { userIds: Int32Array.from(ratings, (r) => r[0]), itemIds: Int32Array.from(ratings, (r) => r[1]), ratings: Float32Array.from(ratings, (r) => r[2]) };
  const algorithm = new SVD({ n_factors: 3, n_epochs: 10 }).fit(Trainset.build(data, { min: 0.5, max: 5 }));
  app = await testApp(db, {
    config: testConfig({ apiKey: API_KEY }),
    models: { current: () => ({ name: 'svd', version: '1', algorithm }) },
    trackingArtifacts: new LocalArtifactStore(join(home, 'artifacts')),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  await app?.close();
  await db?.close();
  await rm(home, { recursive: true, force: true });
});

test(`${COUNT} generated bad requests and the raw ones are all answered with a 4xx, and the server stays healthy`, { timeout: 120_000 }, async () => {
  const requests = badRequests(COUNT, { apiKey: API_KEY, seed: 20_240_611 });
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const wrong: string[] = [];
  const kinds = new Map<string, number>();
  let next = 0;
  const send = async (r: BadRequest) => {
    try {
      const res = await request(`${base}${r.path}`, { method: r.method as 'GET', headers: r.headers, body: r.body, dispatcher });
      await res.body.dump();
      if (res.statusCode < 400 || res.statusCode >= 500) wrong.push(`${res.statusCode} for ${r.kind}: ${r.method} ${r.path.slice(0, 120)} ${String(r.body ?? '').slice(0, 120)}`);
    } catch (error) {
      wrong.push(`no answer for ${r.kind}: ${r.method} ${r.path.slice(0, 120)}: ${(error as Error).message}`);
    }
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) await send(requests[next++]);
    }),
  );
  for (const text of RAW) {
    const answer = await rawExchange(port, text);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    if (!(status >= 400 && status < 500)) wrong.push(`${answer.split('\r\n')[0] || 'no answer'} for raw ${JSON.stringify(text.slice(0, 60))}`);
  }
  await dispatcher.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`# ${requests.length + RAW.length} bad requests in ${seconds.toFixed(1)} s, ${kinds.size} kinds`);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} requests were not answered with a 4xx`);
  assert.ok(kinds.size >= 30, `only ${kinds.size} kinds of bad request were generated`);

  // Healthy afterwards: probes, a personalized answer, a write, and the data as it was.
  assert.equal((await fetch(`${base}/health`)).status, 200);
  assert.deepEqual(await (await fetch(`${base}/ready`)).json(), { status: 'ready', reasons: [], model: { name: 'svd', version: '1' } });
  const predicted = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user_id":1}' });
  assert.equal(predicted.status, 200);
  assert.equal(((await predicted.json()) as { strategy: string }).strategy, 'personalized');
  const written = await fetch(`${base}/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: '{"user_id":99,"movie_id":1,"rating":4}',
  });
  assert.deepEqual(await written.json(), { inserted: 1, updated: 0 });
  const counts = (await db.query<{ movies: number; ratings: number }>('SELECT (SELECT count(*)::int FROM movies) AS movies, (SELECT count(*)::int FROM ratings) AS ratings')).rows[0];
  assert.deepEqual(counts, { movies: movies.length, ratings: ratings.length + 1 });
});

test('SQL and HTML in valid strings are data, never code', async () => {
  for (const search of ["'; DROP TABLE movies; --", '<script>alert(1)</script>', '%_\\']) {
    const res = await fetch(`${base}/movies?search=${encodeURIComponent(search)}`);
    assert.deepEqual([res.status, await res.json()], [200, { movies: [] }], search);
  }
  const res = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 1, genres: ["' OR 1=1 --", '<b>Drama</b>'] }) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM movies')).rows[0].n, movies.length);
});
