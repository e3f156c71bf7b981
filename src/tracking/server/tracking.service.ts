/**
 * The embedded tracking server's services, built together because they depend on one another
 * (runs need experiments; artifact listings need runs). Route handlers only call these.
 */
import type { ArtifactStore } from '../../artifacts/artifact-store.ts';
import type { Database } from '../../data/db/database.ts';
import { ArtifactsService } from './artifacts.service.ts';
import { ExperimentsService } from './experiments.service.ts';
import { RegistryService } from './registry.service.ts';
import { RunsService } from './runs.service.ts';

export interface TrackingService {
  experiments: ExperimentsService;
  runs: RunsService;
  registry: RegistryService;
  artifacts: ArtifactsService;
}

export function createTrackingService(db: Database, store: ArtifactStore): TrackingService {
  const experiments = new ExperimentsService(db);
  const runs = new RunsService(db, experiments);
  return { experiments, runs, registry: new RegistryService(db), artifacts: new ArtifactsService(store, runs) };
}
