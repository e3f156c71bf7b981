/** Liveness and readiness probes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Liveness, Readiness } from '../../schemas/health.ts';

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Liveness } } },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and a model is loaded; names the model serving',
        response: {
          200: Type.Object(Readiness.properties, { description: 'Ready to serve' }),
          503: Type.Object(Readiness.properties, { description: 'Not ready; `reasons` says why' }),
        },
      },
    },
    async (_request, reply) => {
      // Read before the checks: the answer names a model that was serving while they ran.
      const serving = fastify.models.current();
      const model = serving && { name: serving.name, version: serving.version };
      const reasons = await fastify.readiness.reasons();
      if (reasons.length > 0) return reply.code(503).send({ status: 'not_ready', reasons, model });
      return { status: 'ready' as const, reasons, model };
    },
  );
};

export default healthRoutes;
