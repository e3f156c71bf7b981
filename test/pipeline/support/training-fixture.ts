/**
 * A training runtime around a test database: bundled ratings loaded (the first `maxUserId` users),
 * an artifact store (a temp folder unless one is given), the embedded tracking server over both,
 * and the runtime built the way `marquee train` builds it. Small, fast settings by default.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '../../../src/artifacts/artifact-store.ts';
import { LocalArtifactStore } from '../../../src/artifacts/local/local-store.ts';
import type { Database } from '../../../src/data/db/database.ts';
import type { StartRequest, JobEnd } from '../../../src/pipeline/jobs/training-jobs.service.ts';
import { connectTracking } from '../../../src/pipeline/tracking-connection.ts';
import { createTrainingRuntime, type TrainingRuntime } from '../../../src/pipeline/training-runtime.ts';
import type { MlflowClient } from '../../../src/tracking/mlflow-client.ts';
import { loadBundledData } from './bundled-data.ts';

export const SMALL_ENV = { TRAINING_JOBS: '1', TRAINING_MIN_MOVIE_RATINGS: '2' };

export interface TrainingFixture {
  runtime: TrainingRuntime;
  tracking: MlflowClient;
  artifacts: ArtifactStore;
  close(): Promise<void>;
}

export async function trainingFixture(
  db: Database,
  options: { artifacts?: ArtifactStore; env?: Record<string, string>; maxUserId?: number; load?: boolean } = {},
): Promise<TrainingFixture> {
  if (options.load !== false) await loadBundledData(db, { maxUserId: options.maxUserId ?? 60 });
  const root = options.artifacts ? undefined : await mkdtemp(join(tmpdir(), 'marquee-artifacts-'));
  const artifacts = options.artifacts ?? new LocalArtifactStore(root as string);
  const tracking = await connectTracking({ trackingUri: undefined, db, artifacts, logLevel: 'silent' });
  const runtime = await createTrainingRuntime({ db, tracking: tracking.client, env: { ...SMALL_ENV, ...options.env } });
  return {
    runtime,
    tracking: tracking.client,
    artifacts,
    close: async () => {
      await runtime.close();
      await tracking.close();
      if (root) await rm(root, { recursive: true, force: true });
    },
  };
}

/** Starts a job and waits for its end. */
export async function train(runtime: TrainingRuntime, request: Partial<StartRequest> = {}): Promise<JobEnd> {
  const started = await runtime.jobs.start({ trigger: 'cli', ...request });
  return started.done;
}
