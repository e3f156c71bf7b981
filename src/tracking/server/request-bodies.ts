/**
 * Body parsing the way MLflow's Flask server does it, in the contexts that need it.
 * JSON API: any content type is read as JSON, and a body that is not a JSON object counts as
 * empty, so a malformed body is reported as the missing required field (what clients meet).
 * Artifact proxy: the body is the file, passed on as a stream without buffering.
 */
import type { FastifyInstance } from 'fastify';

export function lenientJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      const value: unknown = JSON.parse(body as string);
      done(null, typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
    } catch {
      done(null, {});
    }
  });
  // DELETE/POST without any body: still validated as `{}`, so a missing field is named.
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'GET' && (request.body === undefined || request.body === null)) request.body = {};
  });
}

export function rawStreamBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}
