/**
 * The MLflow client the pipeline uses, in the CLI (`marquee train`, `marquee model`) and inside the
 * server alike: the server at MLFLOW_TRACKING_URI when set, otherwise the embedded tracking server,
 * mounted on a private Fastify instance over this process's database and artifact store and called
 * in-process — so internal calls need no API key and are not counted as HTTP traffic.
 */
import Fastify from 'fastify';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Database } from '../data/db/database.ts';
import { createTrackingClient } from '../tracking/create-tracking-client.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import { trackingPlugin } from '../tracking/server/tracking.plugin.ts';

export interface TrackingConnection {
  client: MlflowClient;
  close(): Promise<void>;
}

export interface TrackingOptions {
  trackingUri: string | undefined;
  db: Database;
  artifacts: ArtifactStore;
  /** What the embedded server logs, to stderr (stdout may carry `--json` output). Default `error`. */
  logLevel?: string;
}

export async function connectTracking(options: TrackingOptions): Promise<TrackingConnection> {
  if (options.trackingUri) return { client: createTrackingClient({ trackingUri: options.trackingUri }), close: async () => {} };
  // Its 5xx answers hide the cause (an artifact store failure, say); the log is where it shows.
  const app = Fastify({ logger: { level: options.logLevel ?? 'error', stream: process.stderr } });
  await app.register(trackingPlugin, { db: options.db, artifacts: options.artifacts });
  await app.ready();
  return { client: createTrackingClient({ embedded: { app } }), close: () => app.close() };
}
