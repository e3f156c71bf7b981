/**
 * The MLflow client the pipeline uses, in the CLI (`marquee train`, `marquee model`) and inside the
 * server alike: the server at MLFLOW_TRACKING_URI when set (with the MLFLOW_TRACKING_* credentials),
 * otherwise the embedded tracking server, mounted on a private Fastify instance over this process's
 * database and artifact store and called in-process — so internal calls need no API key and are
 * not counted as HTTP traffic.
 */
import Fastify, { LogController } from 'fastify';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Config } from '../config.ts';
import type { Database } from '../data/db/database.ts';
import { createTrackingClient } from '../tracking/create-tracking-client.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import { trackingPlugin } from '../tracking/server/tracking.plugin.ts';
import type { TrackingCredentials } from '../tracking/transport/credentials.ts';

export interface TrackingConnection {
  client: MlflowClient;
  close(): Promise<void>;
}

export interface TrackingOptions {
  trackingUri: string | undefined;
  /** Sent to the server at `trackingUri`; unused by the embedded server. */
  credentials?: TrackingCredentials;
  db: Database;
  artifacts: ArtifactStore;
  /** What the embedded server logs (LOG_LEVEL), never a line per request. Default `error`. */
  logLevel?: string;
  /** Where it logs; stderr by default, as stdout may carry `--json` output. */
  logStream?: { write(line: string): void };
}

/** The configuration's tracking settings, as `connectTracking` takes them. */
export function trackingSettings(config: Pick<Config, 'mlflowTrackingUri' | 'mlflowCredentials' | 'logLevel'>) {
  return { trackingUri: config.mlflowTrackingUri, credentials: config.mlflowCredentials, logLevel: config.logLevel };
}

export async function connectTracking(options: TrackingOptions): Promise<TrackingConnection> {
  if (options.trackingUri) {
    return { client: createTrackingClient({ trackingUri: options.trackingUri, credentials: options.credentials }), close: async () => {} };
  }
  // Its 5xx answers hide the cause (an artifact store failure, say); the log is where it shows. The
  // pipeline makes hundreds of calls per training run: a line for each would bury everything else.
  const app = Fastify({
    logger: { level: options.logLevel ?? 'error', stream: options.logStream ?? process.stderr },
    logController: new LogController({ disableRequestLogging: true }),
  });
  await app.register(trackingPlugin, { db: options.db, artifacts: options.artifacts });
  await app.ready();
  return { client: createTrackingClient({ embedded: { app } }), close: () => app.close() };
}
