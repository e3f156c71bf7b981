/**
 * A fresh PGlite costs seconds (initdb inside WebAssembly, then the migrations). Tests instead copy
 * a ready data directory, made once per machine: one just initialised, one also migrated (named
 * by a hash of the migrations, so adding a migration makes a new one). Copies open in about half
 * a second. They live in memory-backed /dev/shm when there is one: copying 40 MB of small files
 * to a busy disk took seconds.
 */
import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate } from '../../src/data/db/migrator.ts';
import { PgliteDatabase } from '../../src/data/db/pglite/driver.ts';
import { migrations } from '../../src/data/migrations/index.ts';

const require = createRequire(import.meta.url);

const scratch = (() => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

/** Builds a template aside and renames it into place, so no run ever sees half of one. */
async function template(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(scratch, name);
  if (existsSync(dir)) return dir;
  const building = await mkdtemp(join(scratch, 'marquee-test-building-'));
  await build(building);
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

async function pgliteVersion(): Promise<string> {
  const pkgPath = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(await readFile(pkgPath, 'utf8')) as { version: string }).version;
}

async function baseTemplate(): Promise<string> {
  return template(`marquee-test-pglite-${await pgliteVersion()}`, async (dir) => {
    await (await PGlite.create(dir)).close();
  });
}

async function migratedTemplate(): Promise<string> {
  const base = await baseTemplate();
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 12);
  return template(`${base.split('/').pop()}-migrated-${hash}`, async (dir) => {
    await rm(dir, { recursive: true });
    await cp(base, dir, { recursive: true });
    const db = new PgliteDatabase(await PGlite.create(dir));
    await migrate(db);
    await db.close();
  });
}

const templates = new Map<boolean, Promise<string>>();

/** A new `<home>/pgdata` directory holding an empty PGlite database, migrated unless told not to. */
export async function freshPgliteDir(options: { migrated: boolean }): Promise<string> {
  let source = templates.get(options.migrated);
  if (!source) templates.set(options.migrated, (source = options.migrated ? migratedTemplate() : baseTemplate()));
  const home = await mkdtemp(join(scratch, 'marquee-t-'));
  const dir = join(home, 'pgdata');
  await cp(await source, dir, { recursive: true });
  return dir;
}
