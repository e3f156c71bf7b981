/**
 * Runs a database test suite on both drivers, PGlite and PostgreSQL:
 *
 *   forEachDatabase('ratings repository', (open, target) => {
 *     test('stores a rating', async () => { const db = await open(); ... });
 *   });
 *
 * `open()` hands out a new, empty, migrated database on every call (`open({ migrate: false })`: not
 * migrated); all are closed and removed after the suite. `target.fresh()` gives the settings of a
 * new empty database for code that opens its own (a CLI process): `env` holds MARQUEE_HOME and,
 * for PostgreSQL, DATABASE_URL.
 *
 * PostgreSQL comes from TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). When it
 * is unreachable its half is skipped with the reason, except under CI=true where it fails.
 */
import { after, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database } from '../../src/data/db/database.ts';
import { migrate } from '../../src/data/db/migrator.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { openPostgres } from '../../src/data/db/postgres/index.ts';
import { freshPgliteDir } from './pglite-template.ts';
import { createTestDatabase, dropTestDatabase, postgresUnavailable } from './postgres-server.ts';

export type DatabaseKind = Database['kind'];

export interface OpenTestDatabase {
  (options?: { migrate?: boolean }): Promise<Database>;
}

export interface FreshTarget {
  /** MARQUEE_HOME (a new temp dir) and, for PostgreSQL, DATABASE_URL of a new empty database. */
  env: { MARQUEE_HOME: string; DATABASE_URL?: string };
  databaseUrl: string | undefined;
  pgliteDir: string;
}

export interface TestTarget {
  kind: DatabaseKind;
  /** A new empty database, migrated unless `{ migrated: false }`. */
  fresh(options?: { migrated: boolean }): Promise<FreshTarget>;
}

const postgresProblem = await postgresUnavailable();
const mustRunPostgres = process.env.CI === 'true';

async function withDatabase(opening: Promise<Database>, use: (db: Database) => Promise<unknown>): Promise<void> {
  const db = await opening;
  try {
    await use(db);
  } finally {
    await db.close();
  }
}

export function forEachDatabase(suiteName: string, body: (open: OpenTestDatabase, target: TestTarget) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    if (kind === 'postgres' && postgresProblem !== undefined) {
      if (mustRunPostgres) {
        test(`${suiteName} [postgres]`, () => {
          throw new Error(`CI=true requires PostgreSQL: ${postgresProblem}`);
        });
      } else {
        console.log(`# skipping ${suiteName} [postgres]: ${postgresProblem}`);
        describe(`${suiteName} [postgres]`, { skip: postgresProblem }, () => {});
      }
      continue;
    }
    describe(`${suiteName} [${kind}]`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      after(async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
      });
      const fresh = async (options = { migrated: true }): Promise<FreshTarget> => {
        if (kind === 'pglite') {
          // The pre-initialised copy sits at <home>/pgdata, where the CLI looks for it.
          const pgliteDir = await freshPgliteDir(options);
          cleanups.push(() => rm(dirname(pgliteDir), { recursive: true, force: true }));
          return { env: { MARQUEE_HOME: dirname(pgliteDir) }, databaseUrl: undefined, pgliteDir };
        }
        const home = await mkdtemp(join(tmpdir(), 'marquee-t-'));
        cleanups.push(() => rm(home, { recursive: true, force: true }));
        const databaseUrl = await createTestDatabase();
        cleanups.push(() => dropTestDatabase(databaseUrl));
        if (options.migrated) await withDatabase(openPostgres(databaseUrl), migrate);
        return { env: { MARQUEE_HOME: home, DATABASE_URL: databaseUrl }, databaseUrl, pgliteDir: join(home, 'pgdata') };
      };
      const open: OpenTestDatabase = async (options = {}) => {
        const target = await fresh({ migrated: options.migrate !== false });
        const db = target.databaseUrl ? await openPostgres(target.databaseUrl) : await openPglite(target.pgliteDir);
        cleanups.push(() => db.close());
        return db;
      };
      body(open, { kind, fresh });
    });
  }
}
