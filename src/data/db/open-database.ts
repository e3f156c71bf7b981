/**
 * The one place that chooses a driver: PostgreSQL when DATABASE_URL is set, else the embedded
 * PGlite under MARQUEE_HOME. The schema is migrated before the database is handed out.
 */
import type { Config } from '../../config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrator.ts';

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'pgliteDir'>,
  options: OpenOptions = {},
): Promise<Database> {
  // Only the chosen driver is loaded: a PostgreSQL deployment never loads PGlite's WebAssembly.
  const db = config.databaseUrl
    ? await (await import('./postgres/index.ts')).openPostgres(config.databaseUrl)
    : await (await import('./pglite/index.ts')).openPglite(config.pgliteDir);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
