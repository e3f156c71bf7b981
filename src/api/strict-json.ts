/**
 * JSON bodies must be UTF-8 (RFC 8259). Fastify's own parser decodes leniently, turning invalid
 * bytes into U+FFFD, so `{"genres": ["<0xFF>"]}` would be answered as if the client had sent a real
 * character. This parser refuses such a body with a 400 and otherwise hands the text to Fastify's
 * default parser, which keeps its other checks (empty body, `__proto__`, `constructor`).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.ts';

export function strictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(badRequest('the body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });
}
