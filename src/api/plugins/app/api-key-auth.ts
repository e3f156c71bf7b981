/**
 * Write access: `fastify.requireApiKey` is an onRequest hook that every route that changes state or
 * costs real work (ratings, rating generation, training, rollback, drift checks, tracking writes)
 * puts in its route options.
 * It runs before the body is parsed, so an unauthenticated client cannot make the server read a
 * large body. With no key configured it lets every request through: `serve` then listens on
 * 127.0.0.1 only (see listen-address.ts).
 *
 * Keys are compared as SHA-256 digests with `timingSafeEqual`: the digests have equal length
 * whatever the client sends, so neither the comparison time nor an early length check tells
 * anything about the key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requireApiKey: onRequestHookHandler;
  }
}

/** The OpenAPI security requirement of a route guarded by `requireApiKey`. */
export const bearerSecurity = [{ bearerAuth: [] }];

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createApiKeyCheck(apiKey: string | undefined): onRequestHookHandler {
  if (apiKey === undefined) return async () => {};
  const expected = digest(apiKey);
  return async (request, reply) => {
    const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]), expected)) return;
    reply.header('www-authenticate', 'Bearer');
    throw new HttpError(401, match ? 'The API key is not valid' : 'This route requires the header Authorization: Bearer <MARQUEE_API_KEY>');
  };
}

export default fp(
  async (fastify, opts: { apiKey: string | undefined }) => {
    fastify.decorate('requireApiKey', createApiKeyCheck(opts.apiKey));
  },
  { name: 'api-key-auth' },
);
