/**
 * The model registry is MLflow's: one registered model, numbered versions, and two aliases.
 * - `champion` is the version serving;
 * - `previous` is the version `champion` replaced, the target of a rollback.
 *
 * Each version records, in the tag `marquee.replaced_version`, the champion it replaced when it was
 * promoted. Rollback moves `champion` to `previous`, then `previous` one step further down that
 * chain (to the version the new champion had itself replaced), or removes `previous` when the chain
 * ends. So repeated rollbacks walk back through the promotion history, and a version that was
 * rolled back is never reached again by rolling back.
 */
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import { MlflowError } from '../tracking/mlflow-error.ts';
import type { ModelVersion } from '../tracking/protocol/entities.ts';
import { RollbackError } from './errors.ts';

export const CHAMPION = 'champion';
export const PREVIOUS = 'previous';

/** Tags Marquee writes on model versions. Metrics are `metric.<name>`, the data fingerprint `data.<name>`. */
export const VERSION_TAGS = {
  algorithm: 'marquee.algorithm',
  params: 'marquee.params',
  candidate: 'marquee.candidate',
  modelSha256: 'marquee.model_sha256',
  modelFile: 'marquee.model_file',
  referenceStats: 'marquee.reference_stats',
  replaced: 'marquee.replaced_version',
  trainingRun: 'marquee.training_run_id',
  jobId: 'marquee.job_id',
  forced: 'marquee.forced',
  rolledBackAt: 'marquee.rolled_back_at',
  notPromoted: 'marquee.not_promoted',
} as const;

export interface RegisteredVersion {
  name: string;
  version: string;
  runId: string | undefined;
  /** Artifact URI of the model folder (`<run artifact uri>/model`). */
  source: string;
  createdAt: number;
  tags: Record<string, string>;
  aliases: string[];
}

export interface Promotion {
  champion: string;
  /** The version that was champion before, now `previous`; undefined for the first champion. */
  previous: string | undefined;
}

export interface Rollback {
  /** The champion that was rolled back. */
  from: string;
  /** The new champion (the former `previous`). */
  to: string;
  /** Where `previous` points now; undefined when it was removed. */
  previous: string | undefined;
}

export class ModelRegistry {
  constructor(
    readonly client: MlflowClient,
    readonly name: string,
  ) {}

  async champion(): Promise<RegisteredVersion | undefined> {
    return this.byAlias(CHAMPION);
  }

  async previous(): Promise<RegisteredVersion | undefined> {
    return this.byAlias(PREVIOUS);
  }

  async version(version: string): Promise<RegisteredVersion> {
    return toVersion(await this.client.getModelVersion(this.name, version));
  }

  /** Creates the registered model unless it exists (another process may create it at the same time). */
  async ensureModel(): Promise<void> {
    try {
      await this.client.getRegisteredModel(this.name);
    } catch (error) {
      if (!isMissing(error)) throw error;
      try {
        await this.client.createRegisteredModel(this.name, { description: 'Marquee movie recommender; alias champion serves' });
      } catch (createError) {
        if (!(createError instanceof MlflowError && createError.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw createError;
      }
    }
  }

  async createVersion(options: { source: string; runId: string; tags: Record<string, string>; description: string }): Promise<RegisteredVersion> {
    await this.ensureModel();
    return toVersion(await this.client.createModelVersion({ name: this.name, ...options }));
  }

  async tagVersion(version: string, key: string, value: string): Promise<void> {
    await this.client.setModelVersionTag(this.name, version, key, value);
  }

  /**
   * `previous` moves to the current champion, then `champion` to `version`. Should the second move
   * fail, `previous` is put back, so the aliases never claim a history that did not happen.
   */
  async promote(version: string): Promise<Promotion> {
    const old = await this.champion();
    if (old?.version === version) return { champion: version, previous: (await this.previous())?.version };
    const oldPrevious = old ? await this.previous() : undefined;
    if (old) await this.client.setAlias(this.name, PREVIOUS, old.version);
    try {
      await this.client.setAlias(this.name, CHAMPION, version);
    } catch (error) {
      if (old) await this.restorePrevious(oldPrevious?.version).catch(() => {});
      throw error;
    }
    return { champion: version, previous: old?.version };
  }

  /** See the module comment. Throws RollbackError when there is no champion or no `previous`. */
  async rollback(): Promise<Rollback> {
    const current = await this.champion();
    if (!current) throw new RollbackError(`${this.name} has no champion to roll back`);
    const target = await this.previous();
    if (!target) throw new RollbackError(`${this.name} v${current.version} is champion and no previous version is recorded to roll back to`);
    const older = await this.olderThan(target, current.version);
    await this.client.setAlias(this.name, CHAMPION, target.version);
    await this.restorePrevious(older);
    await this.tagVersion(current.version, VERSION_TAGS.rolledBackAt, new Date().toISOString());
    return { from: current.version, to: target.version, previous: older };
  }

  /** Every version, newest first, each with its aliases. */
  async list(): Promise<RegisteredVersion[]> {
    let model;
    try {
      model = await this.client.getRegisteredModel(this.name);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const aliases = new Map<string, string[]>();
    for (const { alias, version } of model.aliases ?? []) aliases.set(version, [...(aliases.get(version) ?? []), alias]);
    const versions: RegisteredVersion[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.searchModelVersions({ filter: `name = '${this.name.replaceAll("'", "\\'")}'`, pageToken, maxResults: 1000 });
      for (const v of page.items) versions.push({ ...toVersion(v), aliases: aliases.get(v.version) ?? [] });
      pageToken = page.nextPageToken;
    } while (pageToken);
    return versions.sort((a, b) => Number(b.version) - Number(a.version));
  }

  /** The version `target` replaced, if it still exists and is not the champion being rolled back. */
  private async olderThan(target: RegisteredVersion, current: string): Promise<string | undefined> {
    const older = target.tags[VERSION_TAGS.replaced];
    if (older === undefined || older === '' || older === current) return undefined;
    try {
      await this.client.getModelVersion(this.name, older);
      return older;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private async restorePrevious(version: string | undefined): Promise<void> {
    if (version === undefined) await this.client.deleteAlias(this.name, PREVIOUS);
    else await this.client.setAlias(this.name, PREVIOUS, version);
  }

  private async byAlias(alias: string): Promise<RegisteredVersion | undefined> {
    try {
      const version = await this.client.getModelVersionByAlias(this.name, alias);
      return version && toVersion(version);
    } catch (error) {
      if (isMissing(error)) return undefined; // no registered model yet
      throw error;
    }
  }
}

function toVersion(v: ModelVersion): RegisteredVersion {
  return {
    name: v.name,
    version: v.version,
    runId: v.run_id === '' ? undefined : v.run_id,
    source: v.source,
    createdAt: v.creation_timestamp,
    tags: Object.fromEntries((v.tags ?? []).map((t) => [t.key, t.value])),
    aliases: v.aliases ?? [],
  };
}

function isMissing(error: unknown): boolean {
  return error instanceof MlflowError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
}
