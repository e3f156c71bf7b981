import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../../../src/api/errors.ts';
import { createApiKeyCheck } from '../../../../src/api/plugins/app/api-key-auth.ts';

async function check(apiKey: string | undefined, authorization: string | undefined): Promise<number> {
  const headers: Record<string, string> = {};
  const request = { headers: authorization === undefined ? {} : { authorization } } as FastifyRequest;
  const reply = { header: (name: string, value: string) => void (headers[name] = value) } as unknown as FastifyReply;
  try {
    await createApiKeyCheck(apiKey).call(undefined as never, request, reply, () => {});
    return 200;
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(headers['www-authenticate'], 'Bearer');
    return error.status;
  }
}

test('with no key configured every request passes', async () => {
  assert.equal(await check(undefined, undefined), 200);
  assert.equal(await check(undefined, 'Bearer anything'), 200);
});

test('with a key only the exact bearer token passes', async () => {
  assert.equal(await check('abc', 'Bearer abc'), 200);
  assert.equal(await check('abc', 'bearer abc'), 200, 'the scheme is case-insensitive (RFC 7235)');
  for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Bearer ab', 'Bearer abcd', 'Bearer ABC', 'abc', 'Token abc']) {
    assert.equal(await check('abc', header), 401, String(header));
  }
});
