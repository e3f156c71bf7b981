/**
 * Applies the pending migrations in one transaction. The transaction first takes an advisory lock,
 * so when two processes start at once the second waits, then finds the work done: each migration
 * runs exactly once, and a failed one leaves the schema as it was.
 */
import type { Migration } from '../migrations/index.ts';
import { migrations as allMigrations } from '../migrations/index.ts';
import type { Database } from './database.ts';

/** Any fixed 64-bit number works; it only has to be the same in every Marquee process. */
const MIGRATION_LOCK = 7_265_327_861;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Returns the versions it applied (empty when the schema was up to date). */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<number[]> {
  checkOrder(migrations);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.version, r.name]));
    const done: number[] = [];
    for (const m of migrations) {
      const name = applied.get(m.version);
      if (name !== undefined) {
        if (name !== m.name) {
          throw new MigrationError(`migration ${m.version} was applied as "${name}" but is now named "${m.name}"`);
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, k) => {
    if (k > 0 && m.version <= migrations[k - 1].version) {
      throw new MigrationError(`migration versions must increase: ${migrations[k - 1].version} is followed by ${m.version}`);
    }
  });
}
