/**
 * The one port for storing model files and reports. Two adapters implement it side by side:
 * `local/` (a folder under MARQUEE_HOME, the zero-setup default) and `s3/` (AWS S3 or MinIO).
 * Keys are relative, `/`-separated paths (see artifact-key.ts); every write is all-or-nothing,
 * so a reader never sees half a model.
 */
import type { Readable } from 'node:stream';

/** What `put` accepts: whole bytes, or a stream that is consumed once. */
export type ArtifactBody = Buffer | Uint8Array | Readable;

export interface ArtifactInfo {
  key: string;
  /** Bytes. */
  size: number;
  modified: Date;
}

export interface ArtifactStore {
  /** Writes the object atomically: on failure nothing (not even a prefix of it) is left under `key`. */
  put(key: string, body: ArtifactBody): Promise<void>;
  /** The whole object; ArtifactNotFoundError when absent. */
  get(key: string): Promise<Buffer>;
  /** The object as a stream, for large files; ArtifactNotFoundError (before any byte) when absent. */
  getStream(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Every object whose key starts with `prefix` (a plain string prefix, as in S3), sorted by key. */
  list(prefix?: string): Promise<ArtifactInfo[]>;
  /** Removes the object; deleting an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Where the objects live, for logs and `marquee status` (never includes credentials). */
  describe(): string;
  /** Releases connections (the S3 client's sockets); the store is unusable afterwards. */
  close(): Promise<void>;
}
