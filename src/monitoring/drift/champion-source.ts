/**
 * Where a drift check's reference comes from: the registry's `champion` version, its reference
 * statistics (stored beside its model file by the training pipeline) and the model itself, for the
 * performance check. Both are loaded once per champion version and kept until the alias moves.
 */
import { ModelArtifactError } from '../../pipeline/errors.ts';
import { loadModelVersion, loadReferenceStats, REFERENCE_STATS_FILE } from '../../pipeline/model-artifacts.ts';
import { ModelRegistry, VERSION_TAGS, type RegisteredVersion } from '../../pipeline/registry.ts';
import type { MlflowClient } from '../../tracking/mlflow-client.ts';
import { NoChampionError, ReferenceStatsError } from './drift.errors.ts';
import { referenceFromStats, type DriftReference } from './drift-reference.ts';
import { predictorOf, type Predictor } from './model-performance.ts';

export interface Champion {
  reference: DriftReference;
  predictor: Predictor;
}

/** The port the drift service asks for the champion; throws NoChampionError when there is none. */
export interface ChampionSource {
  load(): Promise<Champion>;
}

export function registryChampionSource(client: MlflowClient, modelName: string): ChampionSource {
  const registry = new ModelRegistry(client, modelName);
  let cached: { version: string; champion: Champion } | undefined;
  return {
    async load() {
      const version = await registry.champion();
      if (!version) throw new NoChampionError(modelName);
      if (cached?.version !== version.version) cached = { version: version.version, champion: await loadChampion(client, version) };
      return cached.champion;
    },
  };
}

async function loadChampion(client: MlflowClient, version: RegisteredVersion): Promise<Champion> {
  const file = `${version.source}/${version.tags[VERSION_TAGS.referenceStats] ?? REFERENCE_STATS_FILE}`;
  let stats: unknown;
  try {
    stats = await loadReferenceStats(client, version);
  } catch (error) {
    const reason = error instanceof ModelArtifactError ? error.message : `cannot read it: ${(error as Error).message}`;
    throw new ReferenceStatsError(`${version.name} v${version.version} has no usable reference statistics at ${file} (${reason})`, { cause: error });
  }
  const model = { name: version.name, version: version.version, registeredAt: new Date(version.createdAt).toISOString() };
  const reference = referenceFromStats(stats, model, file);
  const { algo } = await loadModelVersion(client, version);
  return { reference, predictor: predictorOf(algo) };
}
