/**
 * `marquee serve` as a user runs it: a child process on a fresh database with a tiny data set,
 * reached over real HTTP on loopback, stopped with SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachDatabase } from '../support/databases.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function marquee(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'MARQUEE_API_KEY', 'HOST', 'PORT', 'CORS_ORIGINS', 'MARQUEE_CONFIG']) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function waitFor(output: () => string, pattern: RegExp, child: ChildProcess, ms = 90_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = pattern.exec(output());
    if (match) return match;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in the output of marquee serve:\n${output()}`);
}

test('refuses to listen beyond loopback without an API key, before opening anything', async () => {
  const home = await mkdtemp(join(tmpdir(), 'marquee-serve-'));
  try {
    const { child, output } = marquee(['serve'], { MARQUEE_HOME: home, HOST: '0.0.0.0' });
    assert.equal(await exited(child), 2, output());
    assert.match(output(), /refusing to listen on HOST=0\.0\.0\.0 without MARQUEE_API_KEY/);
    assert.ok(!existsSync(join(home, 'pgdata')), 'the database was opened');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

forEachDatabase('marquee serve', (_open, target) => {
  test('imports the data into an empty database, serves it, and stops cleanly on SIGTERM', async () => {
    const fresh = await target.fresh();
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-serve-data-'));
    try {
      await writeFile(join(dataDir, 'movies.csv'), 'movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n2,Heat (1995),Action\n3,Sabrina (1995),Romance\n');
      await writeFile(join(dataDir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,1,5.0,964982703\n1,2,3.0,964982704\n2,1,4.0,964982705\n2,3,4.5,964982706\n');
      const { child, output } = marquee(['serve', '--port', '0'], { ...fresh.env, MARQUEE_DATA_DIR: dataDir });
      try {
        const [, base] = await waitFor(output, /Marquee API\s+(http:\/\/127\.0\.0\.1:\d+)\//, child);
        assert.match(output(), new RegExp(`API docs\\s+${base}/docs`));
        assert.match(output(), /no MARQUEE_API_KEY set: listening on 127\.0\.0\.1 only/);

        assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok' });
        const stats = (await (await fetch(`${base}/stats`)).json()) as { ratings: number; movies: number; users: number };
        assert.deepEqual([stats.ratings, stats.movies, stats.users], [4, 3, 2]);
        const response = await fetch(`${base}/predict/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"user_id":1}',
        });
        const prediction = (await response.json()) as { strategy: string; recommendations: { movie_id: number }[] };
        assert.equal(prediction.strategy, 'cold_start');
        assert.deepEqual(prediction.recommendations.map((r) => r.movie_id), [3]);
        assert.equal((await fetch(`${base}/docs`)).status, 200);

        child.kill('SIGTERM');
        assert.equal(await exited(child), 0, output());
        assert.match(output(), /SIGTERM: shutting down/);
        if (fresh.databaseUrl === undefined) assert.ok(!existsSync(`${fresh.pgliteDir}.lock`), 'the database was not closed');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
