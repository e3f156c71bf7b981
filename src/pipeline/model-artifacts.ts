/**
 * Model files and their reference statistics as MLflow artifacts of the run that produced them:
 * `<run artifact uri>/model/model.mrqm` and `.../model/reference-stats.json`. With the embedded
 * tracking server the bytes land in Marquee's artifact store (local folder or S3); with
 * MLFLOW_TRACKING_URI in that server's artifact store. Either way they travel through the MLflow
 * client only, and the model version's `source` is the folder.
 *
 * Nothing is trusted on the way: an upload is read back and must have the same SHA-256 and load
 * with `readModel` (whose own checksum covers every byte) before it may be registered; a load checks
 * the SHA-256 recorded on the version, so a file damaged or replaced after promotion is never served.
 */
import { createHash } from 'node:crypto';
import { algorithmConstructor, readModel, type AlgoBase, type ModelFileMeta } from '../engine/index.ts';
import type { ServingModel } from '../api/model-holder.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import type { RunInfo } from '../tracking/protocol/entities.ts';
import { ModelArtifactError } from './errors.ts';
import type { ReferenceStats } from './reference-stats.ts';
import { VERSION_TAGS, type RegisteredVersion } from './registry.ts';

export const MODEL_FOLDER = 'model';
export const MODEL_FILE = 'model.mrqm';
export const REFERENCE_STATS_FILE = 'reference-stats.json';

export interface StoredModel {
  /** The model folder's artifact URI: the model version's source. */
  source: string;
  sha256: string;
  bytes: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Uploads the model file and its reference statistics, then proves both can be read back intact. */
export async function storeModel(client: MlflowClient, run: RunInfo, model: Buffer, stats: ReferenceStats): Promise<StoredModel> {
  const digest = sha256(model);
  const statsBytes = Buffer.from(JSON.stringify(stats));
  await client.uploadArtifact(run, `${MODEL_FOLDER}/${MODEL_FILE}`, model);
  await client.uploadArtifact(run, `${MODEL_FOLDER}/${REFERENCE_STATS_FILE}`, statsBytes);
  const source = `${run.artifact_uri.replace(/\/+$/, '')}/${MODEL_FOLDER}`;
  const back = await client.downloadArtifact(source, MODEL_FILE);
  if (sha256(back) !== digest) {
    throw new ModelArtifactError(`the model file read back from ${source}/${MODEL_FILE} differs from the one uploaded (${back.length} of ${model.length} bytes)`);
  }
  await parseModel(back, `${source}/${MODEL_FILE}`);
  const statsBack = await client.downloadArtifact(source, REFERENCE_STATS_FILE);
  if (!statsBack.equals(statsBytes)) {
    throw new ModelArtifactError(`the reference statistics read back from ${source}/${REFERENCE_STATS_FILE} differ from the ones uploaded`);
  }
  return { source, sha256: digest, bytes: model.length };
}

/** The version's model, checked against the SHA-256 it was registered with. */
export async function loadModelVersion(client: MlflowClient, version: RegisteredVersion): Promise<{ algo: AlgoBase; meta: ModelFileMeta }> {
  const where = `${version.name} v${version.version} (${version.source}/${MODEL_FILE})`;
  let bytes: Buffer;
  try {
    bytes = await client.downloadArtifact(version.source, MODEL_FILE);
  } catch (error) {
    throw new ModelArtifactError(`cannot download the model file of ${where}: ${(error as Error).message}`, { cause: error });
  }
  const expected = version.tags[VERSION_TAGS.modelSha256];
  if (expected === undefined) throw new ModelArtifactError(`${where} has no ${VERSION_TAGS.modelSha256} tag: it was not registered by Marquee's pipeline`);
  if (sha256(bytes) !== expected) throw new ModelArtifactError(`the model file of ${where} is not the one registered: its SHA-256 differs`);
  return parseModel(bytes, where);
}

/** What the API serves: the version's verified model under its registered name and number. */
export async function loadServingModel(client: MlflowClient, version: RegisteredVersion): Promise<ServingModel> {
  const { algo } = await loadModelVersion(client, version);
  return { name: version.name, version: version.version, algorithm: algo };
}

export async function loadReferenceStats(client: MlflowClient, version: RegisteredVersion): Promise<ReferenceStats> {
  const file = version.tags[VERSION_TAGS.referenceStats] ?? REFERENCE_STATS_FILE;
  const bytes = await client.downloadArtifact(version.source, file);
  try {
    return JSON.parse(bytes.toString('utf8')) as ReferenceStats;
  } catch (error) {
    throw new ModelArtifactError(`${version.name} v${version.version}: ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function parseModel(bytes: Buffer, where: string): Promise<{ algo: AlgoBase; meta: ModelFileMeta }> {
  const construct = await algorithmConstructor();
  try {
    return readModel(bytes, construct);
  } catch (error) {
    throw new ModelArtifactError(`the model file ${where} cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
}
