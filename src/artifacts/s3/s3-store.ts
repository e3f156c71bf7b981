/**
 * Artifacts as objects in an S3 bucket (AWS, or MinIO and other S3-compatible servers), all under
 * one key prefix. A PutObject is atomic by itself; on top of that the upload carries Content-MD5
 * (the server rejects a body that arrives damaged) and is read back with HeadObject, so a wrong
 * size or digest fails the write loudly instead of surfacing later as a broken model.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ArtifactBody, ArtifactInfo, ArtifactStore } from '../artifact-store.ts';
import { validateKey, validatePrefix } from '../artifact-key.ts';
import { ArtifactError, ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStoreError } from '../errors.ts';

export interface S3ArtifactStoreOptions {
  client: S3Client;
  bucket: string;
  /** Folder-like prefix inside the bucket ('' or e.g. 'marquee/'); a missing trailing `/` is added. */
  prefix?: string;
}

export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3ArtifactStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    const prefix = options.prefix ?? '';
    this.prefix = validatePrefix(prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`);
  }

  describe(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  async put(key: string, body: ArtifactBody): Promise<void> {
    validateKey(key);
    try {
      // Content-MD5 must be known before the first byte goes out, so a stream is read whole first;
      // artifacts here are model files of a few megabytes.
      const bytes = Buffer.isBuffer(body) ? body : body instanceof Uint8Array ? Buffer.from(body) : await collect(body);
      const md5 = createHash('md5').update(bytes).digest();
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: bytes,
          ContentLength: bytes.length,
          ContentMD5: md5.toString('base64'),
        }),
      );
      await this.verify(key, bytes.length, md5.toString('hex'));
    } catch (cause) {
      throw this.wrap('writing', key, cause);
    }
  }

  async get(key: string): Promise<Buffer> {
    validateKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) throw new Error('the response has no body');
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (cause) {
      throw this.wrap('reading', key, cause);
    }
  }

  async getStream(key: string): Promise<Readable> {
    validateKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) throw new Error('the response has no body');
      // In Node.js the SDK's body is the HTTP response itself, a Readable.
      return out.Body as Readable;
    } catch (cause) {
      throw this.wrap('reading', key, cause);
    }
  }

  async exists(key: string): Promise<boolean> {
    validateKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (cause) {
      if (isNotFound(cause)) return false;
      throw this.wrap('checking', key, cause);
    }
  }

  async list(prefix = ''): Promise<ArtifactInfo[]> {
    validatePrefix(prefix);
    const infos: ArtifactInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.objectKey(prefix), ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          infos.push({
            key: object.Key.slice(this.prefix.length),
            size: object.Size ?? 0,
            modified: object.LastModified ?? new Date(0),
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (cause) {
      throw this.wrap('listing', prefix, cause);
    }
    return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (cause) {
      if (!isNotFound(cause)) throw this.wrap('deleting', key, cause);
    }
  }

  /** Reads the stored object's size and ETag back; a mismatch removes the bad object and throws. */
  private async verify(key: string, size: number, md5Hex: string): Promise<void> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    const etag = head.ETag?.replaceAll('"', '');
    // A single-part upload's ETag is the body's MD5, except under KMS encryption, where it is opaque.
    const etagIsMd5 = etag !== undefined && /^[0-9a-f]{32}$/.test(etag) && !head.ServerSideEncryption?.startsWith('aws:kms');
    let problem: string | undefined;
    if (head.ContentLength !== size) problem = `stored size ${head.ContentLength} bytes, sent ${size} bytes`;
    else if (etagIsMd5 && etag !== md5Hex) problem = `stored MD5 ${etag}, sent ${md5Hex}`;
    if (problem === undefined) return;
    // The object under the final key is known to be wrong: better absent than silently corrupt.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    throw new ArtifactIntegrityError(key, problem);
  }

  private objectKey(key: string): string {
    return this.prefix + key;
  }

  private wrap(operation: string, key: string, cause: unknown): Error {
    if (cause instanceof ArtifactError) return cause;
    if (isNotFound(cause)) return new ArtifactNotFoundError(key, this.describe(), { cause });
    return new ArtifactStoreError(operation, key, this.describe(), cause);
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
