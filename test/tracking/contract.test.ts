/**
 * Replays the 55 request/response pairs recorded against a real MLflow 2.16 server
 * (fixtures/mlflow-rest-exchanges.json, extracted from the shared reference) against the embedded
 * tracking server, in order, on PGlite and on PostgreSQL. Compared field by field: status, media
 * type, every key present or absent, every value — except values the server makes up: run ids
 * (learned from the first answer that shows them, then substituted into later requests and
 * expectations) and server clock times (checked to be epoch milliseconds).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../support/databases.ts';
import type { RecordedExchange } from './fixtures/extract-exchanges.ts';
import { buildTrackingApp, type TrackingApp } from './support/tracking-app.ts';

const exchanges = JSON.parse(readFileSync(new URL('./fixtures/mlflow-rest-exchanges.json', import.meta.url), 'utf8')) as RecordedExchange[];

/** Fields holding the server's own clock. */
const SERVER_CLOCK = new Set(['creation_time', 'last_update_time', 'creation_timestamp', 'last_updated_timestamp']);
/** Ids the server generates; the recorded value maps to ours. */
const GENERATED_IDS = new Set(['run_id', 'run_uuid']);
/** Exchanges whose error message carries the real server's backend text (SQLAlchemy, Python types, file paths). */
const BACKEND_SPECIFIC_MESSAGE = new Set([4, 16, 33, 35]);
/** Deliberate differences, each with its reason. */
const DEVIATIONS: Record<number, { reason: string; check(status: number, contentType: string, body: unknown): void }> = {
  2: {
    reason: 'we report the MLflow release we are compatible with, not the recorded dev build',
    check: (status, contentType, body) => {
      assert.equal(status, 200);
      assert.equal(mediaType(contentType), 'text/html');
      assert.match(String(body), /^2\.16\.\d+$/);
    },
  },
  52: {
    reason: "an unknown endpoint answers JSON {error_code: ENDPOINT_NOT_FOUND}, not Flask's HTML page",
    check: (status, contentType, body) => {
      assert.equal(status, 404);
      assert.equal(mediaType(contentType), 'application/json');
      assert.equal((body as { error_code?: string }).error_code, 'ENDPOINT_NOT_FOUND');
    },
  },
};

test('the fixture holds all 55 recorded exchanges, numbered in order', () => {
  assert.deepEqual(
    exchanges.map((e) => e.number),
    Array.from({ length: 55 }, (_, k) => k + 1),
  );
});

forEachDatabase('MLflow REST contract', (open) => {
  let server: TrackingApp;
  const ids = new Map<string, string>();
  before(async () => {
    server = await buildTrackingApp(await open());
  });
  after(() => server.close());

  for (const exchange of exchanges) {
    test(`#${exchange.number} ${exchange.title}`, async () => {
      const json = exchange.requestJson !== undefined;
      const raw = exchange.requestRaw;
      const response = await server.app.inject({
        method: exchange.method as 'GET',
        url: substitute(exchange.path, ids),
        headers: exchange.requestContentType ? { 'content-type': exchange.requestContentType } : {},
        payload: json ? substitute(JSON.stringify(exchange.requestJson), ids) : raw === undefined ? undefined : substitute(raw, ids),
      });
      const contentType = String(response.headers['content-type'] ?? '');
      const isJson = mediaType(contentType) === 'application/json';
      const body: unknown = isJson ? JSON.parse(response.body) : response.body;

      const deviation = DEVIATIONS[exchange.number];
      if (deviation) return deviation.check(response.statusCode, contentType, body);

      assert.equal(response.statusCode, exchange.status, `status; body: ${response.body}`);
      assert.equal(mediaType(contentType), mediaType(exchange.contentType), 'content type');
      if (exchange.responseJson !== undefined) {
        learnIds(exchange.responseJson, body, ids);
        const problems: string[] = [];
        compare(substituteDeep(exchange.responseJson, ids), body, '', problems, BACKEND_SPECIFIC_MESSAGE.has(exchange.number));
        assert.deepEqual(problems, [], `answer: ${response.body}`);
      } else {
        assert.equal(response.body, substitute(exchange.responseText ?? '', ids));
      }
    });
  }
});

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim();
}

function substitute(text: string, ids: Map<string, string>): string {
  let out = text;
  for (const [recorded, ours] of ids) out = out.replaceAll(recorded, ours);
  return out;
}

function substituteDeep(value: unknown, ids: Map<string, string>): unknown {
  return JSON.parse(substitute(JSON.stringify(value), ids));
}

/** Wherever the recorded answer shows a generated id, remember which id we generated instead. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (typeof recorded !== 'object' || recorded === null || typeof actual !== 'object' || actual === null) return;
  for (const [key, value] of Object.entries(recorded)) {
    const ours = (actual as Record<string, unknown>)[key];
    if (GENERATED_IDS.has(key) && typeof value === 'string' && typeof ours === 'string' && !ids.has(value)) ids.set(value, ours);
    else learnIds(value, ours, ids);
  }
}

function compare(expected: unknown, actual: unknown, path: string, problems: string[], messageIsBackendSpecific: boolean): void {
  const key = path.split('.').pop() ?? '';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(`${path}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((item, k) => compare(item, actual[k], `${path}[${k}]`, problems, messageIsBackendSpecific));
  } else if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      problems.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    const want = Object.keys(expected).sort();
    const got = Object.keys(actual).sort();
    if (want.join() !== got.join()) problems.push(`${path || '(root)'}: keys [${got}] instead of [${want}]`);
    for (const k of want) compare((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k, problems, messageIsBackendSpecific);
  } else if (SERVER_CLOCK.has(key)) {
    if (typeof actual !== 'number' || !Number.isSafeInteger(actual) || actual < 1.5e12) problems.push(`${path}: expected epoch milliseconds, got ${JSON.stringify(actual)}`);
  } else if (path === 'message' && messageIsBackendSpecific) {
    if (typeof actual !== 'string' || actual === '') problems.push(`message: expected a message, got ${JSON.stringify(actual)}`);
  } else if (actual !== expected) {
    problems.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
