/**
 * The database as `fastify.db`. Whoever opened it decides who closes it: the `serve` command hands
 * it over (`closeOnClose`) so that `app.close()` stops the server first and the database after;
 * tests keep theirs open across many apps.
 */
import fp from 'fastify-plugin';
import type { Database } from '../../../data/db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export default fp(
  async (fastify, opts: { database: Database; closeOnClose: boolean }) => {
    fastify.decorate('db', opts.database);
    if (opts.closeOnClose) fastify.addHook('onClose', () => opts.database.close());
  },
  { name: 'database' },
);
