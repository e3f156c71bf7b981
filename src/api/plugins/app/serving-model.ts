/**
 * The model that serves, as `fastify.models`. A `ModelLifecycle` loads the champion when the app
 * gets ready (before it listens, so the first request is already answered by it), follows the
 * registry from then on, and stops following when the app closes; any other holder is used as is.
 */
import fp from 'fastify-plugin';
import type { ModelHolder } from '../../model-holder.ts';
import { ModelLifecycle } from '../../model-lifecycle.ts';

declare module 'fastify' {
  interface FastifyInstance {
    models: ModelHolder;
  }
}

export default fp(
  async (fastify, opts: { models: ModelHolder }) => {
    const { models } = opts;
    fastify.decorate('models', models);
    if (models instanceof ModelLifecycle) {
      fastify.addHook('onReady', () => models.start(fastify.log));
      fastify.addHook('onClose', () => models.stop());
    }
  },
  { name: 'serving-model' },
);
