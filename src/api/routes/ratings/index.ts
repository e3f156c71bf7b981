/** Writing ratings: one object or an array of them, inserted or replaced per (user, movie). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../plugins/app/api-key-auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import { RatingsBody, RatingsWritten } from '../../schemas/ratings.ts';

const ratingRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/ratings',
    {
      onRequest: fastify.requireApiKey,
      schema: {
        tags: ['ratings'],
        summary: 'Record ratings (up to 10,000 per request); a (user, movie) pair already rated is updated',
        security: bearerSecurity,
        body: RatingsBody,
        response: { 200: RatingsWritten, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const body = request.body;
      if (Array.isArray(body)) return fastify.ratingsService.record(body, (k, property) => `[${k}].${property}`);
      return fastify.ratingsService.record([body], (_k, property) => property);
    },
  );
};

export default ratingRoutes;
