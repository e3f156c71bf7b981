/** The artifact store's errors: a stable code each, and the failing key; outside failures keep their cause. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
  constructor(
    readonly code: 'ARTIFACT_KEY_INVALID' | 'ARTIFACT_NOT_FOUND' | 'ARTIFACT_INTEGRITY' | 'ARTIFACT_STORE_FAILED',
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A key that could escape the store's root or not round-trip through every adapter. */
export class ArtifactKeyError extends ArtifactError {
  override name = 'ArtifactKeyError';
  constructor(key: string, reason: string) {
    super('ARTIFACT_KEY_INVALID', key, `invalid artifact key ${JSON.stringify(key)}: ${reason}`);
  }
}

export class ArtifactNotFoundError extends ArtifactError {
  override name = 'ArtifactNotFoundError';
  constructor(key: string, where: string, options?: { cause?: unknown }) {
    super('ARTIFACT_NOT_FOUND', key, `artifact ${JSON.stringify(key)} not found in ${where}`, options);
  }
}

/** What the store holds after a write is not what was sent. */
export class ArtifactIntegrityError extends ArtifactError {
  override name = 'ArtifactIntegrityError';
  constructor(key: string, detail: string) {
    super('ARTIFACT_INTEGRITY', key, `artifact ${JSON.stringify(key)} failed verification after upload: ${detail}`);
  }
}

/** Any other failure of the underlying file system or S3 service, wrapped with the operation and key. */
export class ArtifactStoreError extends ArtifactError {
  override name = 'ArtifactStoreError';
  constructor(operation: string, key: string, where: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('ARTIFACT_STORE_FAILED', key, `${operation} ${JSON.stringify(key)} in ${where} failed: ${reason}`, { cause });
  }
}
