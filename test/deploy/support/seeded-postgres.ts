/**
 * A new PostgreSQL database at TEST_DATABASE_URL, migrated and holding the bundled movies with the
 * ratings of the first `maxUserId` users: what replicas that only serve (`marquee serve`) find in a
 * deployment whose data was imported beforehand. Dropped by `drop()`.
 */
import { migrate } from '../../../src/data/db/migrator.ts';
import { openPostgres } from '../../../src/data/db/postgres/index.ts';
import { loadBundledData } from '../../pipeline/support/bundled-data.ts';
import { createTestDatabase, dropTestDatabase } from '../../support/postgres-server.ts';

export interface SeededPostgres {
  url: string;
  ratings: number;
  drop(): Promise<void>;
}

export async function seededPostgres(options: { maxUserId: number }): Promise<SeededPostgres> {
  const url = await createTestDatabase();
  const drop = () => dropTestDatabase(url);
  try {
    const db = await openPostgres(url);
    try {
      await migrate(db);
      const { ratings } = await loadBundledData(db, { maxUserId: options.maxUserId });
      return { url, ratings, drop };
    } finally {
      await db.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}
