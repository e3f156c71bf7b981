/** Synthetic ratings on demand: a mutating route behind the API key. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../plugins/app/api-key-auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import { GenerateQuery, GenerationResult } from '../../schemas/generate.ts';

const generateRatingsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/generate-ratings',
    {
      onRequest: fastify.requireApiKey,
      schema: {
        tags: ['ratings'],
        summary: 'Write synthetic ratings drawn like the real ones (source "generated"), optionally drifted',
        description:
          'Users and movies follow their frequencies in the real ratings; each rating is the serving model\'s prediction plus noise ' +
          'of its RMSE, in half stars (without a model, a draw from the real ratings). Timestamps are now. `drift` shifts that share ' +
          'of the rows on purpose. Answers how many rows were inserted and how many replaced an existing rating.',
        security: bearerSecurity,
        querystring: GenerateQuery,
        response: { 200: GenerationResult, ...errorResponses(400, 401, 409) },
      },
    },
    async (request) => {
      const { batch_size, drift, seed } = request.query;
      return fastify.ratingsGenerator.generate({ batchSize: batch_size, drift, seed });
    },
  );
};

export default generateRatingsRoutes;
