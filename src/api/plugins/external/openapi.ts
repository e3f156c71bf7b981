/**
 * The OpenAPI 3 document, generated from the route schemas, at `/openapi.json`, and Swagger UI at
 * `/docs`. Registered before the routes so that @fastify/swagger sees each of them being added.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { optionalWhenDefaulted } from '../../openapi-defaults.ts';

const description =
  'Movie recommendations: the catalogue, users\' ratings, top-N predictions, training, the model registry and monitoring. ' +
  'Write routes (tracking writes included) require `Authorization: Bearer <MARQUEE_API_KEY>` when the server has a key.';

export default fp(
  async (fastify, opts: { version: string }) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'Marquee API', version: opts.version, description },
        tags: [
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'movies', description: 'The movie catalogue' },
          { name: 'ratings', description: 'Users\' ratings' },
          { name: 'predict', description: 'Top-N recommendations' },
          { name: 'stats', description: 'Data set figures' },
          { name: 'training', description: 'Training jobs' },
          { name: 'models', description: 'The model registry: versions, champion, rollback' },
          { name: 'monitoring', description: 'Prometheus metrics and drift checks' },
          { name: 'tracking', description: 'The embedded MLflow tracking server (MLFLOW_TRACKING_URI=http://<host>:<port>/mlflow)' },
          { name: 'tracking-artifacts', description: "The embedded tracking server's artifact proxy" },
        ],
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'MARQUEE_API_KEY' } } },
      },
      transform: ({ schema, url }) => ({ schema: optionalWhenDefaulted(schema), url }),
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
    fastify.get(
      '/openapi.json',
      {
        schema: {
          hide: true,
          response: { 200: Type.Object({ openapi: Type.String() }, { additionalProperties: true, description: 'This document' }) },
        },
      },
      () => fastify.swagger() as { openapi: string },
    );
  },
  { name: 'openapi' },
);
