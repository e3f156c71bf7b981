/** What the database holds, as `marquee stats --json` prints it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readStats } from '../../../data/stats.ts';
import { Stats } from '../../schemas/stats.ts';

const statsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/stats',
    { schema: { tags: ['stats'], summary: 'Counts of ratings, users and movies, ratings per source, first and last rating', response: { 200: Stats } } },
    () => readStats(fastify.db),
  );
};

export default statsRoutes;
