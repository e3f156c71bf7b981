/**
 * A model registry on the embedded tracking server (a temp artifact folder, the test database),
 * with versions published the way the training pipeline publishes them: model file uploaded and
 * registered with its SHA-256. `publish(..., { damage })` registers a version that must never
 * serve: its file is not a model, or not the file its SHA-256 names.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '../../../src/artifacts/local/local-store.ts';
import type { Database } from '../../../src/data/db/database.ts';
import { writeModel } from '../../../src/engine/model-file.ts';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { ChampionEvents } from '../../../src/pipeline/champion-events.ts';
import { MODEL_FILE, MODEL_FOLDER, storeModel } from '../../../src/pipeline/model-artifacts.ts';
import type { ReferenceStats } from '../../../src/pipeline/reference-stats.ts';
import { ModelRegistry, VERSION_TAGS } from '../../../src/pipeline/registry.ts';
import { connectTracking } from '../../../src/pipeline/tracking-connection.ts';

export interface RegistryFixture {
  registry: ModelRegistry;
  events: ChampionEvents;
  /** Registers `algorithm` as a new version (not promoted); returns its number. */
  publish(algorithm: AlgoBase, options?: { damage?: 'not-a-model' | 'wrong-checksum'; rmse?: number }): Promise<string>;
  /** Moves `champion` to the version and says so, as a training job does. */
  promote(version: string): Promise<void>;
  close(): Promise<void>;
}

export async function registryFixture(db: Database, name = 'test-recommender'): Promise<RegistryFixture> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-registry-'));
  const tracking = await connectTracking({ trackingUri: undefined, db, artifacts: new LocalArtifactStore(root) });
  const client = tracking.client;
  const registry = new ModelRegistry(client, name);
  const events = new ChampionEvents();
  const experimentId = await client.createExperiment(`${name}-runs`);
  return {
    registry,
    events,
    async publish(algorithm, options = {}) {
      const run = (await client.createRun({ experimentId })).info;
      const bytes = writeModel(algorithm, { engineVersion: 'test' });
      let stored;
      if (options.damage === undefined) stored = await storeModel(client, run, bytes, {} as ReferenceStats);
      else {
        const file = options.damage === 'not-a-model' ? Buffer.from('not a model file') : bytes;
        await client.uploadArtifact(run, `${MODEL_FOLDER}/${MODEL_FILE}`, file);
        const sha = createHash('sha256').update(options.damage === 'wrong-checksum' ? Buffer.from('something else') : file).digest('hex');
        stored = { source: `${run.artifact_uri}/${MODEL_FOLDER}`, sha256: sha };
      }
      const tags: Record<string, string> = { [VERSION_TAGS.modelSha256]: stored.sha256, [VERSION_TAGS.algorithm]: algorithm.name };
      if (options.rmse !== undefined) tags['metric.holdout_rmse'] = String(options.rmse);
      return (await registry.createVersion({ source: stored.source, runId: run.run_id, tags, description: 'test' })).version;
    },
    async promote(version) {
      const { previous } = await registry.promote(version);
      events.notify({ name, version, replaced: previous, cause: 'promoted' });
    },
    async close() {
      await tracking.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
