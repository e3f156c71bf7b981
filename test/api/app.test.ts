import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/data/db/database.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seededApp, testApp, testConfig } from './support/api-fixture.ts';

/** No stack frame ("at fn (file:line)") and no source path may reach a client. */
function assertNoInternals(body: string) {
  assert.doesNotMatch(body, /\bat .+:\d+|\.ts\b|node_modules|stack/i, body);
}

forEachDatabase('the app', (open) => {
  let db: Database;
  let app: FastifyInstance;
  before(async () => {
    ({ db, app } = await seededApp(open));
  });
  after(() => app?.close());

  describe('health', () => {
    test('GET /health is ok', async () => {
      const res = await app.inject({ url: '/health' });
      assert.deepEqual([res.statusCode, res.json()], [200, { status: 'ok' }]);
    });

    test('GET /ready is 503 with the reason while no model is loaded', async () => {
      const res = await app.inject({ url: '/ready' });
      assert.deepEqual([res.statusCode, res.json()], [503, { status: 'not_ready', reasons: ['no model is loaded'], model: null }]);
    });
  });

  describe('errors', () => {
    test('an unknown route is a JSON 404', async () => {
      const res = await app.inject({ url: '/nowhere?x=1' });
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      assert.deepEqual(res.json(), { error: 'Not Found', message: 'Route GET /nowhere not found' });
      assert.equal((await app.inject({ method: 'DELETE', url: '/movies/1' })).statusCode, 404);
    });

    test('a body over 1 MiB is a JSON 413', async () => {
      const payload = JSON.stringify({ user_id: 1, padding: 'x'.repeat(1024 * 1024) });
      const res = await app.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().error, 'Payload Too Large');
    });

    test('malformed JSON is a 400', async () => {
      for (const payload of ['{"user_id": 1', '{user_id: 1}', '']) {
        const res = await app.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'Bad Request');
        assertNoInternals(res.body);
      }
    });

    test('a body that is not JSON is a 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await app.inject({ method: 'POST', url: '/ratings', headers: { 'content-type': type }, payload: 'user_id=1' });
        assert.equal(res.statusCode, 415, type);
        assert.equal(res.json().error, 'Unsupported Media Type');
      }
    });

    test('text PostgreSQL cannot store is a 400, not a database failure', async () => {
      for (const [url, field] of [
        ['/movies?search=a%00b', 'search'],
        ['/movies?genre=%00', 'genre'],
      ]) {
        const res = await app.inject({ url });
        assert.deepEqual([res.statusCode, res.json().field], [400, field], url);
        assert.equal(res.json().message, `${field} must not contain NUL characters`);
      }
      const res = await app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1, genres: ['Drama', 'x\u0000'] } });
      assert.deepEqual([res.statusCode, res.json().field], [400, 'genres[1]']);
    });

    test('numbers too large to be finite are a 400, not a database failure', async () => {
      for (const [url, field] of [
        ['/movies/1e400', 'id'],
        ['/users/-1e400/ratings', 'id'],
        ['/movies?limit=1e400', 'limit'],
        ['/movies/1/similar?n=-1e999', 'n'],
      ]) {
        const res = await app.inject({ url });
        assert.deepEqual([res.statusCode, res.json().field, res.json().message], [400, field, `${field} must be a finite number`], url);
      }
    });

    test('a URL that cannot be decoded is a JSON 400', async () => {
      const res = await app.inject({ url: '/movies/%ZZ' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(res.json()).sort(), ['error', 'message']);
      assert.equal(res.json().error, 'Bad Request');
    });

    test('JSON bodies carry no prototype pollution', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/predict',
        headers: { 'content-type': 'application/json' },
        payload: '{"user_id": 1, "__proto__": {"admin": true}}',
      });
      assert.equal(res.statusCode, 400);
    });
  });

  test('paths answer with or without a trailing slash, without redirecting', async () => {
    for (const url of ['/health/', '/movies/', '/movies/1/', '/users/1/ratings/', '/docs/']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
    }
    const res = await app.inject({ method: 'POST', url: '/predict/batch/', payload: { user_ids: [1] } });
    assert.equal(res.statusCode, 200);
  });

  describe('OpenAPI', () => {
    const routes = [
      ['get', '/health'],
      ['get', '/ready'],
      ['get', '/movies'],
      ['get', '/movies/{id}'],
      ['get', '/movies/{id}/similar'],
      ['get', '/users/{id}/ratings'],
      ['post', '/ratings'],
      ['post', '/generate-ratings'],
      ['post', '/predict'],
      ['post', '/predict/batch'],
      ['get', '/stats'],
      ['get', '/metrics'],
    ];

    test('/openapi.json documents every route with tags and a response schema per status', async () => {
      const res = await app.inject({ url: '/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.match(doc.openapi, /^3\./);
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => [method, path]),
      );
      assert.deepEqual(documented.sort(), [...routes].sort());
      for (const [method, path] of routes) {
        const op = doc.paths[path][method];
        assert.ok(op.tags?.length > 0, `${method} ${path} has no tags`);
        const type = path === '/metrics' ? 'text/plain' : 'application/json';
        assert.ok(op.responses['200'].content[type].schema, `${method} ${path} has no 200 schema`);
        const hasInput = op.parameters?.length > 0 || op.requestBody;
        if (hasInput) assert.ok(op.responses['400'], `${method} ${path} does not document its 400`);
      }
      for (const path of ['/ratings', '/generate-ratings']) assert.deepEqual(doc.paths[path].post.security, [{ bearerAuth: [] }], path);
      // What has a default is optional for clients, though the handlers' types see it always set.
      const limit = doc.paths['/movies'].get.parameters.find((p: { name: string }) => p.name === 'limit');
      assert.deepEqual([limit.required, limit.schema.default], [false, 20]);
      assert.deepEqual(doc.paths['/predict'].post.requestBody.content['application/json'].schema.required, ['user_id']);
      assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
    });

    test('Swagger UI is served at /docs', async () => {
      const page = await app.inject({ url: '/docs' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /swagger-ui/i);
      const css = await app.inject({ url: '/docs/static/swagger-ui.css' });
      assert.equal(css.statusCode, 200);
    });
  });

  test('CORS is off unless origins are configured', async () => {
    const preflight = {
      method: 'OPTIONS' as const,
      url: '/movies',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    };
    const off = await app.inject({ url: '/movies', headers: { origin: 'https://app.example' } });
    assert.equal(off.headers['access-control-allow-origin'], undefined);
    const withCors = await testApp(db, { config: testConfig({ corsOrigins: ['https://app.example'] }) });
    try {
      const res = await withCors.inject(preflight);
      assert.equal(res.headers['access-control-allow-origin'], 'https://app.example');
      const other = await withCors.inject({ url: '/movies', headers: { origin: 'https://evil.example' } });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
    } finally {
      await withCors.close();
    }
  });

  test('typed errors keep their status; only a 4xx shows its message', async () => {
    const typed = await testApp(db);
    try {
      const fail = (status: number, message: string) => Object.assign(new Error(message), { status });
      typed.get('/missing-data', { schema: { hide: true } }, async () => {
        throw fail(404, 'MARQUEE_DATA_DIR: /nowhere does not exist');
      });
      typed.get('/upstream', { schema: { hide: true } }, async () => {
        throw fail(502, 'download from 10.9.9.9 failed');
      });
      const missing = await typed.inject({ url: '/missing-data' });
      assert.deepEqual([missing.statusCode, missing.json()], [404, { error: 'Not Found', message: 'MARQUEE_DATA_DIR: /nowhere does not exist' }]);
      const upstream = await typed.inject({ url: '/upstream' });
      assert.equal(upstream.statusCode, 502);
      assert.equal(upstream.json().error, 'Bad Gateway');
      assert.doesNotMatch(upstream.body, /10\.9\.9\.9/);
    } finally {
      await typed.close();
    }
  });

  test('a server failure is a 500 that hides its cause', async () => {
    // The real database with one method broken: every query fails as a lost server would.
    const failing = Object.create(db) as Database;
    failing.query = () => Promise.reject(new Error('connection to 10.1.2.3 reset; password=hunter2'));
    const broken = await testApp(failing);
    try {
      const res = await broken.inject({ url: '/movies/1' });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(Object.keys(res.json()).sort(), ['error', 'message']);
      assert.equal(res.json().error, 'Internal Server Error');
      assert.doesNotMatch(res.body, /10\.1\.2\.3|hunter2/);
      assertNoInternals(res.body);
      const ready = await broken.inject({ url: '/ready' });
      assert.equal(ready.statusCode, 503);
      assert.ok(ready.json().reasons.includes('the database is not reachable'));
    } finally {
      await broken.close();
    }
  });
});
