/** What one user has rated. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../schemas/common.ts';
import { UserRatings, UserRatingsQuery } from '../../schemas/ratings.ts';

const userRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/users/:id/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: 'A user\'s ratings, most recent first (a user without ratings has an empty list)',
        params: IdParams,
        querystring: UserRatingsQuery,
        response: { 200: UserRatings, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { limit, offset } = request.query;
      const { total, ratings } = await fastify.ratingsRepository.listByUser(id, limit, offset);
      return { user_id: id, total, limit, offset, ratings };
    },
  );
};

export default userRoutes;
