/**
 * The embedded MLflow tracking server as a Fastify plugin, backed by Marquee's database and
 * artifact store. Mount it at the root for MLflow clients (`MLFLOW_TRACKING_URI=http://host:port`)
 * or under a prefix (`app.register(trackingPlugin, { prefix: '/mlflow', ... })` and
 * `MLFLOW_TRACKING_URI=http://host:port/mlflow`). It stays encapsulated: its body parsers, error
 * handler and 404 answers apply to its own routes only.
 *
 * Served under both `/api/2.0` and `/ajax-api/2.0` (MLflow's UI uses the latter):
 * `…/mlflow/...` (JSON REST API) and `…/mlflow-artifacts/artifacts/...` (artifact proxy).
 * The database and artifact store belong to the caller, who closes them; the plugin holds nothing.
 *
 * Where it knowingly differs from a real MLflow 2.16 server (see test/tracking/contract.test.ts):
 * - an unknown endpoint under its roots answers JSON 404 `ENDPOINT_NOT_FOUND`, not an HTML page;
 * - `/version` reports the MLflow release it is compatible with (MLFLOW_COMPATIBLE_VERSION);
 * - it implements the subset Marquee uses: experiments (create/get/get-by-name/search), runs
 *   (create/update/delete/restore/get/search, log-metric/-parameter/-batch, set-/delete-tag, metric
 *   history, artifact listing), the registry (models, versions, tags, aliases, latest versions,
 *   download URI) and the artifact proxy; no stage transitions, datasets, traces or deletions of
 *   experiments and models;
 * - artifact paths are limited to the artifact store's key characters (letters, digits, `._-+=@,`).
 */
import type { FastifyInstance } from 'fastify';
import type { ArtifactStore } from '../../artifacts/artifact-store.ts';
import type { Database } from '../../data/db/database.ts';
import { endpointNotFound, trackingErrorHandler } from './error-handler.ts';
import { lenientJsonBodies, rawStreamBodies } from './request-bodies.ts';
import { artifactProxyRoutes } from './routes/artifact-proxy.routes.ts';
import { experimentsRoutes } from './routes/experiments.routes.ts';
import { metaRoutes } from './routes/meta.routes.ts';
import { registryRoutes } from './routes/registry.routes.ts';
import { runsRoutes } from './routes/runs.routes.ts';
import { createTrackingService } from './tracking.service.ts';
import { trackingValidatorCompiler } from './validator-compiler.ts';

export interface TrackingPluginOptions {
  db: Database;
  artifacts: ArtifactStore;
}

const API_ROOTS = ['/api/2.0', '/ajax-api/2.0'];

export async function trackingPlugin(app: FastifyInstance, options: TrackingPluginOptions): Promise<void> {
  const service = createTrackingService(options.db, options.artifacts);
  app.setErrorHandler(trackingErrorHandler);
  app.setValidatorCompiler(trackingValidatorCompiler);
  metaRoutes(app);
  for (const root of API_ROOTS) {
    await app.register(
      async (api) => {
        lenientJsonBodies(api);
        api.setNotFoundHandler(endpointNotFound);
        experimentsRoutes(api, service);
        runsRoutes(api, service);
        registryRoutes(api, service);
      },
      { prefix: `${root}/mlflow` },
    );
    await app.register(
      async (proxy) => {
        rawStreamBodies(proxy);
        proxy.setNotFoundHandler(endpointNotFound);
        artifactProxyRoutes(proxy, service);
      },
      { prefix: `${root}/mlflow-artifacts` },
    );
  }
}
