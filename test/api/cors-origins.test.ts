import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorsOriginsError, parseCorsOrigins } from '../../src/api/cors-origins.ts';

test('unset or empty CORS_ORIGINS means no origin', () => {
  assert.deepEqual(parseCorsOrigins(undefined), []);
  assert.deepEqual(parseCorsOrigins('  '), []);
});

test('a comma-separated list of origins is split and trimmed', () => {
  assert.deepEqual(parseCorsOrigins('https://app.example.org, http://localhost:5173'), [
    'https://app.example.org',
    'http://localhost:5173',
  ]);
});

test('anything that is not a bare http(s) origin is refused, naming the entry', () => {
  for (const bad of ['app.example.org', 'https://app.example.org/', 'https://app.example.org/path', 'ftp://x.org', '*', 'https://a.org,']) {
    assert.throws(() => parseCorsOrigins(bad), CorsOriginsError, bad);
  }
  assert.throws(() => parseCorsOrigins('https://ok.org,http://bad.org/x'), /"http:\/\/bad\.org\/x"/);
});
