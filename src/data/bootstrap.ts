/**
 * What a fresh Marquee does on start: with no ratings yet, it imports the bundled data set
 * (MARQUEE_DATA_DIR), so the service has something to learn from and serve at once.
 */
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { ImportOptions, ImportSummary } from './movielens/import-dataset.ts';
import { importDataset } from './movielens/import-dataset.ts';
import { directorySource } from './movielens/sources/directory.ts';
import { DatasetNotFoundError } from './movielens/errors.ts';
import { existsSync } from 'node:fs';

/** Returns the import's summary, or undefined when the database already had ratings. */
export async function bootstrapData(
  db: Database,
  config: Pick<Config, 'dataDir'>,
  options: ImportOptions = {},
): Promise<ImportSummary | undefined> {
  const { rows } = await db.query('SELECT 1 FROM ratings LIMIT 1');
  if (rows.length > 0) return undefined;
  if (!existsSync(config.dataDir)) {
    throw new DatasetNotFoundError(`MARQUEE_DATA_DIR: ${config.dataDir} does not exist (the data set to import on first start)`);
  }
  return importDataset(db, directorySource(config.dataDir), options);
}
