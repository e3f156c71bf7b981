/**
 * What `buildApp` needs from the outside. Every dependency is passed in, so a test builds the same
 * app around its own database and model holder and drives it with `app.inject()`; the optional
 * parts (training, drift, the embedded tracking server) add their routes only when given.
 */
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Database } from '../data/db/database.ts';
import type { MarqueeMetrics } from '../monitoring/metrics.ts';
import type { DriftService } from '../monitoring/drift/drift.service.ts';
import type { TrainingRuntime } from '../pipeline/training-runtime.ts';
import type { ModelHolder } from './model-holder.ts';
import type { ServingSettings } from './serving.config.ts';

export interface ApiConfig {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer key demanded by mutating routes; undefined → no key is demanded. */
  apiKey: string | undefined;
  /** Origins allowed by CORS; empty → no CORS headers at all. */
  corsOrigins: readonly string[];
  /** Largest request body in bytes (Fastify's default, 1 MiB, when unset). */
  bodyLimit?: number;
}

export interface AppDeps {
  config: ApiConfig;
  database: Database;
  /**
   * Where the serving model comes from: a `ModelLifecycle` follows the registry's champion; without
   * a holder, every user gets the cold-start strategy.
   */
  models?: ModelHolder;
  /** Fold-in threshold and ratings cache (DEFAULT_SERVING_SETTINGS when unset; the poll is the lifecycle's). */
  serving?: Pick<ServingSettings, 'foldInMinRatings' | 'ratingsCacheSeconds'>;
  /** The metrics `GET /metrics` exposes (a fresh registry when unset). */
  metrics?: MarqueeMetrics;
  /** Mounts the embedded MLflow tracking server at /mlflow over `database` and this store. */
  trackingArtifacts?: ArtifactStore;
  /** Adds the training and model-registry routes. */
  training?: TrainingRuntime;
  /** Adds the drift monitoring routes. */
  drift?: DriftService;
  /** Where the log lines go (standard output when unset). */
  logStream?: { write(line: string): void };
  /** True when the app owns the database and closes it after the server (the `serve` command). */
  closeDatabaseOnClose?: boolean;
}
