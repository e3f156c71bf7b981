/** Top-N recommendations for one user or a batch of users. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { PredictionBody } from '../../plugins/app/recommender.ts';
import { errorResponses } from '../../schemas/common.ts';
import { PredictBatchBody, PredictBody, Prediction, PredictionBatch } from '../../schemas/predict.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const PLACEHOLDER = '{"user_id":1';

/**
 * A memoised answer body is shared by every request it answers (all cold-start users without
 * ratings, say), so its JSON is written once, by the route's own serialiser, and each answer is that
 * text behind its user id. `user_id` is the schema's first property: the serialiser writes it first.
 */
function bodyJson(reply: FastifyReply, body: PredictionBody): string | undefined {
  const json = reply.serializeInput({ user_id: 1, ...body }, '200');
  return typeof json === 'string' && json.startsWith(`${PLACEHOLDER},`) ? json.slice(PLACEHOLDER.length) : undefined;
}

const predictRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const serialised = new WeakMap<PredictionBody, string>();

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
    async (request, reply) => {
      const { user_id, top_n, exclude_seen, genres } = request.body;
      const [{ body, memoised }] = await fastify.recommender.answer([user_id], { topN: top_n, excludeSeen: exclude_seen, genres });
      let json = memoised ? serialised.get(body) : undefined;
      if (memoised && json === undefined) {
        json = bodyJson(reply, body);
        if (json !== undefined) serialised.set(body, json);
      }
      if (json === undefined) return { user_id, ...body };
      // Already JSON: with its content type set, Fastify sends the text as it is.
      return (reply as FastifyReply).type(JSON_TYPE).send(`{"user_id":${user_id}${json}`);
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
