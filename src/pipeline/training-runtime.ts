/**
 * Everything the API and the CLI need from the pipeline, built once per process: the job service
 * (after startup recovery), the model registry, rollback, and the champion-changed events.
 * Building it reads and checks the training settings, so bad configuration fails at start.
 */
import type { Database } from '../data/db/database.ts';
import type { MarqueeMetrics } from '../monitoring/metrics.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import { ChampionEvents } from './champion-events.ts';
import { TrainingJobs } from './jobs/training-jobs.service.ts';
import { ModelRegistry, type Rollback } from './registry.ts';
import { rollbackChampion } from './rollback.ts';
import { loadTrainingSettings } from './training.config.ts';

export interface TrainingRuntimeDeps {
  db: Database;
  tracking: MlflowClient;
  /** Where TRAINING_* and MODEL_NAME are read from (default: process.env). */
  env?: Record<string, string | undefined>;
  metrics?: Pick<MarqueeMetrics, 'recordTraining'>;
  /** Job timing, for tests. */
  heartbeatMs?: number;
  staleAfterMs?: number;
}

export interface TrainingRuntime {
  jobs: TrainingJobs;
  registry: ModelRegistry;
  /** `changed` fires when a job promotes a version or a rollback moves the champion. */
  events: ChampionEvents;
  rollback(): Promise<Rollback>;
  close(): Promise<void>;
}

export async function createTrainingRuntime(deps: TrainingRuntimeDeps): Promise<TrainingRuntime> {
  const env = deps.env ?? process.env;
  const base = await loadTrainingSettings(env);
  const events = new ChampionEvents();
  const registry = new ModelRegistry(deps.tracking, base.modelName);
  const jobs = await TrainingJobs.create({
    db: deps.db,
    tracking: deps.tracking,
    settings: (overrides) => loadTrainingSettings(env, overrides),
    events,
    metrics: deps.metrics,
    heartbeatMs: deps.heartbeatMs,
    staleAfterMs: deps.staleAfterMs,
  });
  return {
    jobs,
    registry,
    events,
    rollback: () => rollbackChampion(deps.db, registry, events),
    close: () => jobs.close(),
  };
}
