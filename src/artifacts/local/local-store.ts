/**
 * Artifacts as plain files under one root folder. A write goes to a temporary file in the target's
 * own folder, is fsynced, then renamed over the key: rename within one file system is atomic, so a
 * crash or a failed stream leaves either the old object or the new one, never a torn file.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactBody, ArtifactInfo, ArtifactStore } from '../artifact-store.ts';
import { validateKey, validatePrefix } from '../artifact-key.ts';
import { ArtifactError, ArtifactNotFoundError, ArtifactStoreError } from '../errors.ts';

/** Temporary files start with `~`, a character keys may not hold, so `list` can never confuse the two. */
const TEMP_MARK = '~tmp-';

export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  describe(): string {
    return `local folder ${this.root}`;
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  async put(key: string, body: ArtifactBody): Promise<void> {
    const target = this.pathOf(validateKey(key));
    const temp = join(dirname(target), `${TEMP_MARK}${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(dirname(target), { recursive: true });
      const file = await open(temp, 'wx');
      try {
        if (body instanceof Readable) {
          for await (const chunk of body) await file.write(chunk as Uint8Array);
        } else {
          await file.write(body);
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
      await syncFolder(dirname(target));
    } catch (cause) {
      await rm(temp, { force: true });
      throw new ArtifactStoreError('writing', key, this.describe(), cause);
    }
  }

  async get(key: string): Promise<Buffer> {
    const stream = await this.getStream(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getStream(key: string): Promise<Readable> {
    try {
      // Opening first turns a missing file into an error here, not into a stream that fails later.
      const file = await open(this.pathOf(validateKey(key)), 'r');
      if (!(await file.stat()).isFile()) {
        await file.close();
        throw Object.assign(new Error(`${key} is a folder`), { code: 'ENOENT' });
      }
      return file.createReadStream();
    } catch (cause) {
      throw this.wrap('reading', key, cause);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(validateKey(key)))).isFile();
    } catch (cause) {
      if (isMissing(cause)) return false;
      throw this.wrap('checking', key, cause);
    }
  }

  async list(prefix = ''): Promise<ArtifactInfo[]> {
    validatePrefix(prefix);
    // Walk only the deepest folder the prefix names completely, then filter by the full prefix.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    let entries: Dirent[];
    try {
      entries = await readdir(this.pathOf(folder), { recursive: true, withFileTypes: true });
    } catch (cause) {
      if (isMissing(cause)) return [];
      throw this.wrap('listing', prefix, cause);
    }
    const infos: ArtifactInfo[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith(TEMP_MARK)) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name);
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      try {
        const info = await stat(path);
        infos.push({ key, size: info.size, modified: info.mtime });
      } catch (cause) {
        if (!isMissing(cause)) throw this.wrap('listing', key, cause); // deleted meanwhile: skip it
      }
    }
    return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(validateKey(key)));
    } catch (cause) {
      if (!isMissing(cause)) throw this.wrap('deleting', key, cause);
    }
  }

  private pathOf(key: string): string {
    return key === '' ? this.root : join(this.root, ...key.split('/'));
  }

  private wrap(operation: string, key: string, cause: unknown): Error {
    if (isMissing(cause)) return new ArtifactNotFoundError(key, this.describe(), { cause });
    return cause instanceof ArtifactError ? cause : new ArtifactStoreError(operation, key, this.describe(), cause);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Makes the rename itself durable; Windows cannot open a folder for syncing, and needs no such step. */
async function syncFolder(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
