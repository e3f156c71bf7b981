/**
 * The whole service in one process, on the embedded defaults or the configured outside systems:
 * the database, the artifact store, tracking (the embedded MLflow server, also mounted on the API
 * at /mlflow, or MLFLOW_TRACKING_URI), the training runtime, drift checks, the model lifecycle
 * following the registry's champion, the HTTP app, and the scheduler when one is configured.
 *
 * `readServiceSettings` checks every setting before anything is opened, so bad configuration stops
 * the process at once with the variable's name; `openService` opens the parts in order and, on
 * failure or `close()`, closes what it opened in reverse order, the HTTP server first.
 */
import type { FastifyInstance } from 'fastify';
import { createArtifactStore } from '../artifacts/create-artifact-store.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Database } from '../data/db/database.ts';
import { openDatabase } from '../data/db/open-database.ts';
import { createDriftService } from '../monitoring/drift/create-drift-service.ts';
import { loadDriftSettings, type DriftSettings } from '../monitoring/drift/drift.config.ts';
import type { DriftService } from '../monitoring/drift/drift.service.ts';
import { createMetrics, type MarqueeMetrics } from '../monitoring/metrics.ts';
import { loadSchedulerSettings, startScheduler, type Scheduler, type SchedulerSettings } from '../monitoring/scheduler.ts';
import type { RegisteredVersion } from '../pipeline/registry.ts';
import { connectTracking, trackingSettings } from '../pipeline/tracking-connection.ts';
import { loadTrainingSettings } from '../pipeline/training.config.ts';
import { createTrainingRuntime, type TrainingRuntime } from '../pipeline/training-runtime.ts';
import { buildApp } from './app.ts';
import type { ApiConfig } from './app-options.ts';
import { parseCorsOrigins } from './cors-origins.ts';
import { ModelLifecycle } from './model-lifecycle.ts';
import { registryChampions } from './registry-champions.ts';
import { loadServingSettings, type ServingSettings } from './serving.config.ts';

export interface ServiceSettings {
  config: Config;
  api: ApiConfig;
  serving: ServingSettings;
  drift: DriftSettings;
  scheduler: SchedulerSettings;
  /** Where the training settings (TRAINING_*, MODEL_NAME) are read from again by each job. */
  env: Record<string, string | undefined>;
}

export async function readServiceSettings(env: Record<string, string | undefined> = process.env): Promise<ServiceSettings> {
  const config = loadConfig(env);
  const api: ApiConfig = { logLevel: config.logLevel, apiKey: config.apiKey, corsOrigins: parseCorsOrigins(env.CORS_ORIGINS) };
  await loadTrainingSettings(env);
  return { config, api, serving: loadServingSettings(env), drift: loadDriftSettings(env), scheduler: loadSchedulerSettings(env), env };
}

export interface MarqueeService {
  app: FastifyInstance;
  db: Database;
  training: TrainingRuntime;
  drift: DriftService;
  models: ModelLifecycle<RegisteredVersion>;
  scheduler: Scheduler;
  metrics: MarqueeMetrics;
  close(): Promise<void>;
}

export async function openService(settings: ServiceSettings): Promise<MarqueeService> {
  const { config } = settings;
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const db = await openDatabase(config);
    closers.push(() => db.close());
    const artifacts = createArtifactStore(config);
    closers.push(() => artifacts.close());
    // The pipeline's own in-process client: internal calls need no API key and are not HTTP traffic.
    const tracking = await connectTracking({ ...trackingSettings(config), db, artifacts });
    closers.push(() => tracking.close());
    const metrics = createMetrics();
    const training = await createTrainingRuntime({ db, tracking: tracking.client, env: settings.env, metrics });
    closers.push(() => training.close());
    const drift = createDriftService({ db, tracking: tracking.client, artifacts, modelName: training.registry.name, metrics, settings: settings.drift });
    const models = new ModelLifecycle({
      source: registryChampions(training.registry),
      changes: training.events,
      metrics,
      pollSeconds: settings.serving.modelPollSeconds,
    });
    const app = await buildApp({
      config: settings.api,
      database: db,
      models,
      serving: settings.serving,
      metrics,
      trackingArtifacts: config.mlflowTrackingUri ? undefined : artifacts,
      training,
      drift,
    });
    closers.push(() => app.close());
    const scheduler = startScheduler(
      settings.scheduler,
      {
        checkDrift: () => drift.check(),
        async train(reason) {
          const end = await (await training.jobs.start({ trigger: reason })).done;
          return `${reason}: job ${end.job?.job_id ?? '?'} ${end.job?.state ?? 'ended'}${end.outcome ? `, ${end.outcome.decision}` : ''}${end.error ? `: ${end.error}` : ''}`;
        },
      },
      app.log,
    );
    closers.push(() => scheduler.stop());
    return { app, db, training, drift, models, scheduler, metrics, close };
  } catch (error) {
    await close();
    throw error;
  }
}
