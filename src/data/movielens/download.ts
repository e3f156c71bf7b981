/**
 * Downloads an official MovieLens zip into MARQUEE_HOME/downloads, hashing it as it arrives.
 * The file only takes its final name once its checksum matches the published one, so the cache
 * never holds a partial or corrupt archive; a cached archive is re-checked before each use.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DownloadError } from './errors.ts';
import type { KnownDataset } from './known-datasets.ts';

export interface DownloadTarget {
  name: string;
  dataset: KnownDataset;
  baseUrl: string;
  downloadsDir: string;
}

/** Called as bytes arrive; `total` is undefined when the server does not say. */
export type OnDownload = (received: number, total: number | undefined) => void;

export async function downloadDataset(target: DownloadTarget, onDownload: OnDownload = () => {}): Promise<string> {
  const zipPath = join(target.downloadsDir, `${target.name}.zip`);
  if (existsSync(zipPath)) {
    if ((await digestOf(createReadStream(zipPath), target.dataset)) === expectedDigest(target.dataset)) return zipPath;
    await rm(zipPath); // corrupt or replaced: fetch it again
  }
  await mkdir(target.downloadsDir, { recursive: true });
  const url = `${target.baseUrl}/${target.name}.zip`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    // fetch says only "fetch failed"; the reason (refused, DNS, TLS) is in its cause.
    const reason = (cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message;
    throw new DownloadError(`cannot download ${url}: ${reason}`, { cause });
  }
  if (!response.ok || !response.body) throw new DownloadError(`cannot download ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || undefined;
  const partPath = `${zipPath}.part`;
  const hash = createHash(algorithm(target.dataset));
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      hash.update(chunk);
      onDownload(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), meter, createWriteStream(partPath));
  } catch (cause) {
    await rm(partPath, { force: true });
    throw new DownloadError(`download of ${url} failed after ${received} bytes: ${(cause as Error).message}`, { cause });
  }
  const actual = hash.digest('hex');
  if (actual !== expectedDigest(target.dataset)) {
    await rm(partPath, { force: true });
    throw new DownloadError(
      `${url}: checksum mismatch (${algorithm(target.dataset)} ${actual}, expected ${expectedDigest(target.dataset)}); the file was discarded`,
    );
  }
  await rename(partPath, zipPath);
  return zipPath;
}

function algorithm(dataset: KnownDataset): 'sha256' | 'md5' {
  return dataset.sha256 ? 'sha256' : 'md5';
}

function expectedDigest(dataset: KnownDataset): string {
  return (dataset.sha256 ?? dataset.md5) as string;
}

async function digestOf(stream: Readable, dataset: KnownDataset): Promise<string> {
  const hash = createHash(algorithm(dataset));
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
