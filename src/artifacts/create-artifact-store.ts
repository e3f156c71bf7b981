/**
 * The only place that chooses an artifact adapter: S3 when a bucket is configured, otherwise the
 * local folder. The options mirror the configuration's `artifactsDir` and `s3` fields, so
 * `createArtifactStore(config)` works, while this module stays free of the config loader.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { ArtifactStore } from './artifact-store.ts';
import { LocalArtifactStore } from './local/local-store.ts';
import { S3ArtifactStore } from './s3/s3-store.ts';

export interface ArtifactStoreOptions {
  /** Root folder of the local adapter (ARTIFACTS_DIR). */
  artifactsDir: string;
  s3?: {
    bucket?: string;
    prefix?: string;
    endpoint?: string;
    region?: string;
    forcePathStyle?: boolean;
    accessKeyId?: string;
    secretAccessKey?: string;
  };
}

/** Builds the configured store; inconsistent S3 settings fail here, at start, not on the first upload. */
export function createArtifactStore(options: ArtifactStoreOptions): ArtifactStore {
  const s3 = options.s3;
  if (s3?.bucket === undefined || s3.bucket === '') return new LocalArtifactStore(options.artifactsDir);
  if ((s3.accessKeyId === undefined) !== (s3.secretAccessKey === undefined)) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or both left unset for the default AWS credential chain)');
  }
  const client = new S3Client({
    region: s3.region ?? 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle ?? false,
    credentials:
      s3.accessKeyId !== undefined && s3.secretAccessKey !== undefined
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    // Newer SDKs add CRC checksums (streamed as aws-chunked trailers) that many S3-compatible
    // servers reject; integrity is covered by Content-MD5 and the read-back in S3ArtifactStore.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3ArtifactStore({ client, bucket: s3.bucket, prefix: s3.prefix });
}
