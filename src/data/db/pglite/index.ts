/** Opens the embedded database: in memory when `dataDir` is undefined, else persisted there. */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { lockDirectory } from './dir-lock.ts';
import { PgliteDatabase } from './driver.ts';

export { PgliteDatabase } from './driver.ts';

export async function openPglite(dataDir?: string): Promise<PgliteDatabase> {
  if (dataDir === undefined) return new PgliteDatabase(await PGlite.create());
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDirectory(dataDir);
  try {
    const pglite = await PGlite.create(dataDir);
    return new PgliteDatabase(pglite, async () => unlock());
  } catch (error) {
    unlock();
    throw error;
  }
}
