/**
 * The pipeline's outside systems, opened together and closed in reverse order: the artifact store,
 * the tracking client (MLFLOW_TRACKING_URI, or the embedded tracking server on a private Fastify
 * instance over the same database and store) and the training runtime.
 *
 * `openTrainingServices` serves a process that already holds the database (`marquee serve`: its
 * API may mount the embedded server at /mlflow too; both share the tables and the store, and this
 * private instance needs no API key for the pipeline's own writes). `openStandaloneRuntime` opens
 * the database as well, for `marquee train` and `marquee model`.
 */
import { createArtifactStore } from '../artifacts/create-artifact-store.ts';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Config } from '../config.ts';
import type { Database } from '../data/db/database.ts';
import { openDatabase } from '../data/db/open-database.ts';
import type { MarqueeMetrics } from '../monitoring/metrics.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import { connectTracking, trackingSettings } from './tracking-connection.ts';
import { createTrainingRuntime, type TrainingRuntime } from './training-runtime.ts';

export interface TrainingServices {
  artifacts: ArtifactStore;
  tracking: MlflowClient;
  training: TrainingRuntime;
  /** Closes what this opened (never the database it was given). */
  close(): Promise<void>;
}

export interface StandaloneRuntime extends TrainingServices {
  db: Database;
}

export interface ServicesOptions {
  env?: Record<string, string | undefined>;
  metrics?: Pick<MarqueeMetrics, 'recordTraining'>;
}

export async function openTrainingServices(config: Config, db: Database, options: ServicesOptions = {}): Promise<TrainingServices> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const artifacts = createArtifactStore(config);
    closers.push(() => artifacts.close());
    const tracking = await connectTracking({ ...trackingSettings(config), db, artifacts });
    closers.push(() => tracking.close());
    const training = await createTrainingRuntime({ db, tracking: tracking.client, env: options.env, metrics: options.metrics });
    closers.push(() => training.close());
    return { artifacts, tracking: tracking.client, training, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function openStandaloneRuntime(config: Config, options: ServicesOptions = {}): Promise<StandaloneRuntime> {
  const db = await openDatabase(config);
  try {
    const services = await openTrainingServices(config, db, options);
    return {
      ...services,
      db,
      close: async () => {
        await services.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
