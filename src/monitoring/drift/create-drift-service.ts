/**
 * The drift service on Marquee's real ports: ratings from the database, the champion from the
 * model registry (through the tracking client), reports in the artifact store. The API, the
 * scheduler and `marquee drift` all build it here.
 */
import type { ArtifactStore } from '../../artifacts/artifact-store.ts';
import type { Queryable } from '../../data/db/database.ts';
import type { MlflowClient } from '../../tracking/mlflow-client.ts';
import type { MarqueeMetrics } from '../metrics.ts';
import { registryChampionSource } from './champion-source.ts';
import { loadDriftSettings, type DriftSettings } from './drift.config.ts';
import { DriftRepository } from './drift.repository.ts';
import { DriftReports } from './drift-reports.ts';
import { DriftService } from './drift.service.ts';

export interface DriftServiceOptions {
  db: Queryable;
  tracking: MlflowClient;
  artifacts: ArtifactStore;
  /** The registered model whose champion is the reference (the training settings' model name). */
  modelName: string;
  metrics?: Pick<MarqueeMetrics, 'setDrift'>;
  /** Defaults to the DRIFT_* environment variables. */
  settings?: DriftSettings;
}

export function createDriftService(options: DriftServiceOptions): DriftService {
  return new DriftService({
    champion: registryChampionSource(options.tracking, options.modelName),
    ratings: new DriftRepository(options.db),
    reports: new DriftReports(options.artifacts),
    settings: options.settings ?? loadDriftSettings(),
    metrics: options.metrics,
  });
}
