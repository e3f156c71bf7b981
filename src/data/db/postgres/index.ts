/** Opens a PostgreSQL server database from its URL. */
import pg from 'pg';
import { DatabaseConnectionError } from '../errors.ts';
import { PostgresDatabase } from './driver.ts';

export { PostgresDatabase } from './driver.ts';

const INT8 = 20;

/**
 * bigint columns (count(*), sums) arrive as numbers, as PGlite returns them, so the code above the
 * driver sees the same types on both. Marquee's counts and ids stay far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPostgres(url: string): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the failure instead.
  pool.on('error', () => {});
  const db = new PostgresDatabase(pool);
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await pool.end();
    const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error);
    throw new DatabaseConnectionError(`cannot connect to the database at ${redacted(url)}: ${reason}`, { cause: error });
  }
  return db;
}

/** The URL without its password, fit for a message or a log. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
