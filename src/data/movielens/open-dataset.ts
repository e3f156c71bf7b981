/**
 * Turns what the user typed into a data set: a directory, a zip file, or the name of an official
 * MovieLens archive (downloaded once, then read from the cache).
 */
import { existsSync, statSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { downloadDataset } from './download.ts';
import type { OnDownload } from './download.ts';
import { DatasetNotFoundError } from './errors.ts';
import { knownDatasets } from './known-datasets.ts';
import type { KnownDataset } from './known-datasets.ts';
import type { DatasetSource } from './sources/dataset-source.ts';
import { directorySource } from './sources/directory.ts';
import { zipSource } from './sources/zip.ts';

export interface OpenDatasetOptions {
  onDownload?: OnDownload;
  /** The archives known by name (default: the official MovieLens ones). */
  catalog?: Record<string, KnownDataset>;
}

export async function openDataset(
  spec: string,
  config: Pick<Config, 'downloadsDir' | 'movielensBaseUrl'>,
  options: OpenDatasetOptions = {},
): Promise<DatasetSource> {
  const catalog = options.catalog ?? knownDatasets;
  if (existsSync(spec)) {
    if (statSync(spec).isDirectory()) return directorySource(spec);
    try {
      return await zipSource(spec);
    } catch (cause) {
      throw new DatasetNotFoundError(`${spec}: neither a directory nor a readable zip archive (${(cause as Error).message})`, { cause });
    }
  }
  const known = Object.hasOwn(catalog, spec) ? catalog[spec] : undefined;
  if (known) {
    const target = { name: spec, dataset: known, baseUrl: config.movielensBaseUrl, downloadsDir: config.downloadsDir };
    return zipSource(await downloadDataset(target, options.onDownload));
  }
  throw new DatasetNotFoundError(
    `${spec}: no such file or directory, and not a MovieLens data set name (${Object.keys(catalog).join(', ')})`,
  );
}
