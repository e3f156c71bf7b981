/** CORS for the configured origins only; with none configured the plugin is not registered at all. */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';

export default fp(
  async (fastify, opts: { origins: readonly string[] }) => {
    if (opts.origins.length === 0) return;
    await fastify.register(cors, { origin: [...opts.origins], methods: ['GET', 'HEAD', 'POST'] });
  },
  { name: 'cors' },
);
