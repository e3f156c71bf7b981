/**
 * The `mlflow-artifacts` proxy on top of Marquee's artifact store. A proxied path such as
 * `1/<run>/artifacts/model/MLmodel` is stored under the key `mlflow-artifacts/<that path>`, so
 * tracking files share the store with everything else without colliding with it.
 */
import type { Readable } from 'node:stream';
import { validatePrefix } from '../../artifacts/artifact-key.ts';
import type { ArtifactStore } from '../../artifacts/artifact-store.ts';
import { ArtifactError, ArtifactNotFoundError } from '../../artifacts/errors.ts';
import { joinArtifactPath, proxiedPath } from '../artifact-uri.ts';
import { MlflowError } from '../mlflow-error.ts';
import type { FileInfo } from '../protocol/entities.ts';
import type { RunsService } from './runs.service.ts';

const KEY_ROOT = 'mlflow-artifacts';

export class ArtifactsService {
  constructor(
    private readonly store: ArtifactStore,
    private readonly runs: RunsService,
  ) {}

  async upload(path: string, body: Readable): Promise<void> {
    await this.guard(() => this.store.put(keyOf(path), body));
  }

  /** MLflow answers a missing file with 500 INTERNAL_ERROR; the contract keeps that status. */
  async download(path: string): Promise<Readable> {
    try {
      return await this.guard(() => this.store.getStream(keyOf(path)));
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) throw new MlflowError(500, 'INTERNAL_ERROR', `No such file or directory: '${path}'`);
      throw error;
    }
  }

  async delete(path: string): Promise<void> {
    await this.guard(() => this.store.delete(keyOf(path)));
  }

  /** The direct children of a proxied folder, names relative to it. */
  async list(path: string | undefined): Promise<FileInfo[]> {
    return this.children(joinArtifactPath(path), '');
  }

  /** The direct children of a folder of a run's artifacts, paths relative to the run's artifact root. */
  async listForRun(runId: string, path: string | undefined): Promise<{ rootUri: string; files: FileInfo[] }> {
    const info = await this.runs.info(runId);
    const root = proxiedPath(info.artifact_uri);
    if (root === undefined) throw MlflowError.invalid(`Run ${runId} keeps its artifacts at ${info.artifact_uri}, which this server does not serve`);
    const relative = joinArtifactPath(path);
    return { rootUri: info.artifact_uri, files: await this.children(joinArtifactPath(root, relative), relative) };
  }

  private async children(folder: string, shownAs: string): Promise<FileInfo[]> {
    const prefix = `${joinArtifactPath(KEY_ROOT, folder)}/`;
    const objects = await this.guard(async () => this.store.list(validatePrefix(prefix)));
    const entries = new Map<string, FileInfo>();
    for (const object of objects) {
      const rest = object.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash === -1 ? rest : rest.slice(0, slash);
      const path = joinArtifactPath(shownAs, name);
      if (!entries.has(name)) entries.set(name, slash === -1 ? { path, is_dir: false, file_size: object.size } : { path, is_dir: true });
    }
    return [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  }

  /** A path the store refuses (`..`, odd characters) is the caller's mistake: 400, not 500. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof ArtifactError && error.code === 'ARTIFACT_KEY_INVALID') throw MlflowError.invalid(error.message);
      throw error;
    }
  }
}

function keyOf(path: string): string {
  return `${KEY_ROOT}/${path}`;
}
