import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

/**
 * The MLflow release whose REST behaviour the embedded server reproduces (the recorded
 * reference exchanges); clients that read /version compare against MLflow's numbering.
 */
export const MLFLOW_COMPATIBLE_VERSION = '2.16.3';

/** `/health` and `/version`, answered as text like MLflow's Flask server does. */
export function metaRoutes(app: FastifyInstance): void {
  const text = { 200: Type.String() };
  app.get('/health', { schema: { summary: 'Liveness of the tracking server', tags: ['tracking'], response: text } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send('OK'),
  );
  app.get('/version', { schema: { summary: 'MLflow version the tracking server is compatible with', tags: ['tracking'], response: text } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(MLFLOW_COMPATIBLE_VERSION),
  );
}
