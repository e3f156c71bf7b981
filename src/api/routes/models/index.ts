/**
 * The model registry: every version with its metrics and aliases, and rollback of the champion to
 * the previous version (a mutating route behind the API key). Rollback answers 409 when there is
 * nothing to roll back to, a training job is running, or the previous model file is damaged.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HttpError } from '../../errors.ts';
import { bearerSecurity } from '../../plugins/app/api-key-auth.ts';
import { ErrorResponse, errorResponses } from '../../schemas/common.ts';
import { RollbackError } from '../../../pipeline/errors.ts';
import { CHAMPION, PREVIOUS } from '../../../pipeline/registry.ts';
import type { TrainingRuntime } from '../../../pipeline/training-runtime.ts';
import { versionView } from '../../../pipeline/version-view.ts';
import { ModelList, RollbackResult } from './schemas.ts';

const RollbackRefused = Type.Object(ErrorResponse.properties, {
  description: 'Nothing to roll back to, a training job is running, or the previous model file is damaged',
});

const modelRoutes: FastifyPluginAsyncTypebox<{ training: TrainingRuntime }> = async (fastify, { training }) => {
  const { registry } = training;

  fastify.get(
    '/models',
    {
      schema: {
        tags: ['models'],
        summary: 'Every version of the registered model, newest first, with metrics and aliases',
        response: { 200: ModelList },
      },
    },
    async () => {
      const versions = (await registry.list()).map(versionView);
      const holder = (alias: string) => versions.find((v) => v.aliases.includes(alias))?.version ?? null;
      return { name: registry.name, champion: holder(CHAMPION), previous: holder(PREVIOUS), versions };
    },
  );

  fastify.post(
    '/models/rollback',
    {
      onRequest: fastify.requireApiKey,
      schema: {
        tags: ['models'],
        summary: 'Move the champion alias back to the previous version',
        security: bearerSecurity,
        response: { 200: RollbackResult, 409: RollbackRefused, ...errorResponses(401) },
      },
    },
    async () => {
      try {
        const done = await training.rollback();
        return { name: registry.name, rolled_back: done.from, champion: done.to, previous: done.previous ?? null };
      } catch (error) {
        if (error instanceof RollbackError) throw new HttpError(409, error.message);
        throw error;
      }
    },
  );
};

export default modelRoutes;
