/**
 * The embedded MLflow tracking server, on the API's port under `/mlflow`: an MLflow client with
 * MLFLOW_TRACKING_URI=http://<host>:<port>/mlflow reaches `/mlflow/api/2.0/mlflow/...` (runs,
 * registry) and `/mlflow/api/2.0/mlflow-artifacts/...`. (At the root its own `/health` would take
 * the API's.) Registered only when tracking is embedded, not when MLFLOW_TRACKING_URI points
 * elsewhere.
 *
 * Its writes are mutating routes like the API's: with MARQUEE_API_KEY set they need
 * `Authorization: Bearer <key>` (what MLflow clients send from MLFLOW_TRACKING_TOKEN). Reads stay
 * open like the catalogue: GET, and MLflow's searches, which are POSTs. A refusal is an MLflow
 * error body, as MLflow clients expect.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ArtifactStore } from '../../../artifacts/artifact-store.ts';
import type { Database } from '../../../data/db/database.ts';
import { MlflowError } from '../../../tracking/mlflow-error.ts';
import { trackingPlugin } from '../../../tracking/server/tracking.plugin.ts';
import { HttpError } from '../../errors.ts';
import { createApiKeyCheck } from '../app/api-key-auth.ts';

export const TRACKING_PREFIX = '/mlflow';

const READ_ONLY_POSTS = /\/mlflow\/(runs\/search|experiments\/search|registered-models\/get-latest-versions)$/;

function isWrite(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  return !(request.method === 'POST' && READ_ONLY_POSTS.test(request.url.split('?')[0]));
}

export default fp(
  async (fastify, opts: { db: Database; artifacts: ArtifactStore; apiKey: string | undefined }) => {
    const check = createApiKeyCheck(opts.apiKey);
    await fastify.register(
      async (scope) => {
        scope.addHook('onRequest', async function (request, reply) {
          if (!isWrite(request)) return;
          try {
            await check.call(this, request, reply, () => {});
          } catch (error) {
            if (error instanceof HttpError) throw new MlflowError(error.status, 'UNAUTHENTICATED', error.message);
            throw error;
          }
        });
        await scope.register(trackingPlugin, { db: opts.db, artifacts: opts.artifacts });
      },
      { prefix: TRACKING_PREFIX },
    );
  },
  { name: 'tracking-server' },
);
