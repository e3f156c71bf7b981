/** Top-N recommendations for one user or a batch of users. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../schemas/common.ts';
import { PredictBatchBody, PredictBody, Prediction, PredictionBatch } from '../../schemas/predict.ts';

const predictRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/predict',
    {
      schema: {
        tags: ['predict'],
        summary: 'Top-N movies for a user: the serving model\'s for a user it knows, else the most popular',
        body: PredictBody,
        response: { 200: Prediction, ...errorResponses(400, 413, 415) },
      },
    },
    async (request) => {
      const { user_id, top_n, exclude_seen, genres } = request.body;
      const [prediction] = await fastify.recommender.recommend([user_id], { topN: top_n, excludeSeen: exclude_seen, genres });
      return prediction;
    },
  );

  fastify.post(
    '/predict/batch',
    {
      schema: {
        tags: ['predict'],
        summary: 'Top-N movies for up to 1,000 users at once, in the order given',
        body: PredictBatchBody,
        response: { 200: PredictionBatch, ...errorResponses(400, 413, 415) },
      },
    },
    async (request) => {
      const { user_ids, top_n, exclude_seen, genres } = request.body;
      return { predictions: await fastify.recommender.recommend(user_ids, { topN: top_n, excludeSeen: exclude_seen, genres }) };
    },
  );
};

export default predictRoutes;
