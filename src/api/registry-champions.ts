/**
 * The champion as the model registry has it: the version behind the `champion` alias, its model
 * file downloaded through the tracking client and checked against the SHA-256 it was registered
 * with (and by the model file's own checksum) before it may serve.
 */
import { loadServingModel } from '../pipeline/model-artifacts.ts';
import type { ModelRegistry, RegisteredVersion } from '../pipeline/registry.ts';
import type { ChampionSource } from './model-lifecycle.ts';

/** The RMSE the pipeline recorded on the version: held-out if present, else cross-validated. */
export function recordedRmse(version: RegisteredVersion): number | undefined {
  for (const tag of ['metric.holdout_rmse', 'metric.cv_rmse']) {
    const value = Number(version.tags[tag]);
    if (version.tags[tag] !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

export function registryChampions(registry: ModelRegistry): ChampionSource<RegisteredVersion> {
  return {
    champion: () => registry.champion(),
    async load(version) {
      const model = await loadServingModel(registry.client, version);
      return { ...model, rmse: recordedRmse(version) };
    },
  };
}
