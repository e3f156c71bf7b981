/**
 * Prometheus metrics for the HTTP API: `GET /metrics` in the text exposition format, and every
 * answered request counted and timed by method, route template and status code. Decorates
 * `fastify.metrics` so that services record predictions, ratings and model changes through it.
 *
 * The route label is the template a request matched (`/movies/:id`), and one fixed value for
 * requests no route matched: raw paths would make a new series per movie id or scanner probe.
 * Wrapped with fastify-plugin, so its hook times every route of the app; register it after the
 * OpenAPI plugin, which documents only the routes added after it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { MarqueeMetrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: MarqueeMetrics;
  }
}

export const METRICS_PATH = '/metrics';
/** Route label of requests that matched no route (answered by the 404 handler). */
export const UNMATCHED_ROUTE = 'unmatched';

export default fp(
  async (fastify: FastifyInstance, opts: { metrics: MarqueeMetrics }) => {
    const { metrics } = opts;
    fastify.decorate('metrics', metrics);

    // reply.elapsedTime runs from the moment Fastify received the request, so an onResponse hook
    // alone times the whole exchange, body parsing and serialization included. A callback hook, not
    // an async one: it runs after every request, and has nothing to wait for.
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      // Prometheus' own scrapes would otherwise be most of a quiet server's traffic.
      if (route !== METRICS_PATH) metrics.recordHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });

    fastify.get(
      METRICS_PATH,
      {
        schema: {
          tags: ['monitoring'],
          summary: 'Prometheus metrics in the text exposition format',
          produces: ['text/plain'],
          response: { 200: { type: 'string', description: 'Metrics, one sample a line' } },
        },
      },
      async (_request, reply) => {
        const body = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(body);
      },
    );
  },
  { name: 'metrics' },
);
