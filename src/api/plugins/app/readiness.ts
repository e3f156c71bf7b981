/**
 * Readiness: the reasons the server cannot serve yet (database unreachable, no model loaded), and
 * the model serving. Liveness stays separate: a live server without a model is not to be
 * restarted, only not routed to.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../../data/db/database.ts';
import type { ModelHolder } from '../../model-holder.ts';

export interface Readiness {
  /** Empty when ready. */
  reasons(): Promise<string[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

/** A probe must answer quickly: a database that hangs is as unready as one that refuses. */
const DATABASE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createReadiness(
  db: Database,
  models: ModelHolder,
  log: FastifyBaseLogger,
  timeoutMs = DATABASE_TIMEOUT_MS,
): Readiness {
  return {
    async reasons() {
      const reasons: string[] = [];
      try {
        await withTimeout(db.query('SELECT 1'), timeoutMs);
      } catch (err) {
        log.warn({ err }, 'readiness: database check failed');
        reasons.push('the database is not reachable');
      }
      if (models.current() === null) reasons.push('no model is loaded');
      return reasons;
    },
  };
}

export default fp(
  async (fastify: FastifyInstance) => {
    fastify.decorate('readiness', createReadiness(fastify.db, fastify.models, fastify.log));
  },
  { name: 'readiness', dependencies: ['database', 'serving-model'] },
);
