/**
 * Import benchmark: ml-latest-small into PGlite and into PostgreSQL, and a generated ml-25m-sized
 * file into PostgreSQL. Each case runs in its own process so its peak RSS is its own.
 *
 *   node --import tsx bench/import.ts [--ratings 25000000] [--no-large]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); each
 * case creates and drops its own database. The generated file goes to a temp directory.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/data/db/migrator.ts';
import { openPglite } from '../src/data/db/pglite/index.ts';
import { openPostgres } from '../src/data/db/postgres/index.ts';
import type { Database } from '../src/data/db/database.ts';
import { importDataset } from '../src/data/movielens/import-dataset.ts';
import { directorySource } from '../src/data/movielens/sources/directory.ts';
import { generateDataset } from './gen-ratings.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const bundled = fileURLToPath(new URL('../data/ml-latest-small', import.meta.url));

interface CaseResult {
  name: string;
  rows: number;
  seconds: number;
  openSeconds: number;
  peakRssMb: number;
  target: string;
  pass: boolean;
}

async function withServerDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `marquee_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function timeImport(name: string, open: () => Promise<Database>, dir: string, targetSeconds: number, maxRssMb = Infinity): Promise<CaseResult> {
  let started = performance.now();
  const db = await open();
  await migrate(db);
  const openSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const summary = await importDataset(db, directorySource(dir));
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  const rows = summary.tables.find((t) => t.table === 'ratings')?.rows ?? 0;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const target = `≤ ${targetSeconds} s${Number.isFinite(maxRssMb) ? `, RSS < ${maxRssMb} MB` : ''}`;
  return { name, rows, seconds, openSeconds, peakRssMb, target, pass: seconds <= targetSeconds && peakRssMb < maxRssMb };
}

async function runCase(name: string, ratings: number): Promise<CaseResult> {
  if (name === 'pglite-small') {
    const home = mkdtempSync(join(tmpdir(), 'marquee-bench-'));
    try {
      return await timeImport('ml-latest-small → PGlite', () => openPglite(join(home, 'pgdata')), bundled, 3);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  if (name === 'postgres-small') {
    return withServerDatabase((url) => timeImport('ml-latest-small → PostgreSQL', () => openPostgres(url), bundled, 3));
  }
  const dir = mkdtempSync(join(tmpdir(), 'marquee-bench-gen-'));
  try {
    const started = performance.now();
    await generateDataset(dir, ratings);
    console.error(`generated ${ratings.toLocaleString('en-US')} ratings in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const label = `generated ${(ratings / 1e6).toLocaleString('en-US')}M → PostgreSQL`;
    return await withServerDatabase((url) => timeImport(label, () => openPostgres(url), dir, 90, 500));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function option(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k === -1 ? undefined : process.argv[k + 1];
}

const caseName = option('--case');
const ratings = Number(option('--ratings') ?? 25_000_000);
if (caseName) {
  console.log(JSON.stringify(await runCase(caseName, ratings)));
} else {
  const cases = ['pglite-small', 'postgres-small', ...(process.argv.includes('--no-large') ? [] : ['postgres-generated'])];
  const results: CaseResult[] = [];
  for (const name of cases) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name, '--ratings', String(ratings)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`case ${name} failed with exit code ${child.status}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop() as string) as CaseResult);
  }
  console.log('case                              ratings   import s     rows/s   open+migrate s   peak RSS MB   target');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(30)} ${r.rows.toLocaleString('en-US').padStart(12)} ${r.seconds.toFixed(2).padStart(10)} ${Math.round(r.rows / r.seconds).toLocaleString('en-US').padStart(10)} ${r.openSeconds.toFixed(2).padStart(16)} ${r.peakRssMb.toFixed(0).padStart(13)}   ${r.target} ${r.pass ? 'PASS' : 'MISS'}`,
    );
  }
}
