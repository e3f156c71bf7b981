/**
 * Serving benchmark: the HTTP API on loopback, ml-latest-small in an embedded PGlite database and an
 * SVD (default parameters, 100 factors) fitted on all of it as the serving model; autocannon with
 * 32 connections, 10 s per scenario after a 2 s warm-up:
 *
 *   health        GET /health: what the framework alone manages here, for scale
 *   known         POST /predict/ top-10 for random users of the data set (610), each user asked
 *                 once before measuring: the steady state, where a user's list is memoised until
 *                 their ratings or the model change
 *   cold start    POST /predict/ for random users from a pool of 10,000 that have no ratings
 *   similar       GET /movies/{id}/similar?n=10 for random rated movies (mostly first asks)
 *   known, no cache  as "known" with RATINGS_CACHE_SECONDS=0: every request reads the user's
 *                 ratings and ranks all 9,724 movies (what a first request of a user costs)
 *
 * Besides req/s and latency, each scenario reports the server's CPU time (user + system) per request,
 * which a busy machine disturbs far less than throughput.
 *
 * The server runs in a child process so that the load generator does not share its event loop. It
 * logs at LOG_LEVEL's default, info, as `marquee start` does unless told otherwise (`--log-level`
 * to compare); its log goes to /dev/null, so each line costs its formatting and a write, as it does
 * in production, without the load generator reading it.
 * Targets (2-core machine): known ≥ 2,000 req/s with p99 ≤ 20 ms; cold start ≥ 5,000 req/s.
 *
 *   node --import tsx bench/serve.ts [--json] [--duration 10] [--only <part of a scenario's name>] [--log-level info] [--dist]
 *
 * `--dist` serves from the build (`npm run build` first), as `npm start` does. BENCH_CPU_PROF=<dir>
 * has the server write a V8 CPU profile there (`node --cpu-prof`) for each server started.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ApiConfig } from '../src/api/app-options.ts';

const CONNECTIONS = 32;
const WARMUP_SECONDS = 2;
const COLD_POOL = 10_000;
/** LOG_LEVEL's default (src/config.ts): what a production server logs unless configured otherwise. */
const DEFAULT_LOG_LEVEL = 'info';

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};

/**
 * Child process: the app around a fresh database with the bundled data and an SVD serving. With
 * `--dist` it runs the built modules, as `npm start` does, rather than the sources through tsx.
 */
async function serve(ratingsCacheSeconds: number, logLevel: ApiConfig['logLevel']): Promise<void> {
  type Modules = [
    typeof import('../src/api/app.ts'),
    typeof import('../src/data/db/migrator.ts'),
    typeof import('../src/data/db/pglite/index.ts'),
    typeof import('../src/data/movielens/import-dataset.ts'),
    typeof import('../src/data/movielens/sources/directory.ts'),
    typeof import('../src/data/ratings-reader.ts'),
    typeof import('../src/engine/index.ts'),
  ];
  const paths = ['api/app', 'data/db/migrator', 'data/db/pglite/index', 'data/movielens/import-dataset', 'data/movielens/sources/directory', 'data/ratings-reader', 'engine/index'];
  const fromDist = process.argv.includes('--dist');
  const [{ buildApp }, { migrate }, { openPglite }, { importDataset }, { directorySource }, { readRatings }, { SVD, Trainset }] = (await Promise.all(
    paths.map((path) => import(fromDist ? `../dist/${path}.js` : `../src/${path}.ts`)),
  )) as Modules;

  const home = mkdtempSync(join(tmpdir(), 'marquee-bench-serve-'));
  const db = await openPglite(join(home, 'pgdata'));
  await migrate(db);
  await importDataset(db, directorySource(fileURLToPath(new URL('../data/ml-latest-small', import.meta.url))));
  const trainset = Trainset.build(await readRatings(db), { min: 0.5, max: 5 });
  const algorithm = new SVD({ random_state: 0 }).fit(trainset);
  const model = { name: 'bench-svd', version: '1', algorithm };
  const app = await buildApp({
    config: { logLevel, apiKey: undefined, corsOrigins: [] },
    database: db,
    models: { current: () => model },
    serving: { foldInMinRatings: 5, ratingsCacheSeconds },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  process.send!({ port: address.port, users: Array.from(trainset.rawUserIds), movies: Array.from(trainset.rawItemIds) });
  // The parent asks for the CPU time used so far around each measuring window.
  process.on('message', () => process.send!({ cpu: process.cpuUsage() }));
  process.once('disconnect', async () => {
    await app.close();
    await db.close();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  });
}

interface Ready {
  port: number;
  users: number[];
  movies: number[];
}

/** CPU time (user + system, µs) the server process has used so far. */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const { cpu } = m as { cpu: NodeJS.CpuUsage };
      resolve(cpu.user + cpu.system);
    });
    child.send('cpu');
  });
}

function startServer(ratingsCacheSeconds: number): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(fileURLToPath(import.meta.url), ['--server', ...(process.argv.includes('--dist') ? ['--dist'] : [])], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_RATINGS_CACHE_SECONDS: String(ratingsCacheSeconds), BENCH_LOG_LEVEL: option('--log-level') ?? DEFAULT_LOG_LEVEL },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}`)));
  });
}

interface Scenario {
  name: string;
  /** Asked once per user before measuring, so that the window measures the steady state. */
  warmEveryUser?: boolean;
  path: (ready: Ready) => string;
  method: 'GET' | 'POST';
  body?: (ready: Ready) => string;
  target?: { rps: number; p99?: number };
}

interface Figures {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time (user + system) per answered request: steadier than req/s on a busy machine. */
  cpu_us_per_request: number;
  requests: number;
  failures: number;
  target: string;
  pass: boolean | null;
}

const pick = <T>(values: T[]) => values[Math.floor(Math.random() * values.length)];

const KNOWN: Scenario = {
  name: 'known users, top-10',
  warmEveryUser: true,
  method: 'POST',
  path: () => '/predict/',
  body: (r) => JSON.stringify({ user_id: pick(r.users) }),
  target: { rps: 2000, p99: 20 },
};

const SCENARIOS: Scenario[] = [
  { name: 'GET /health (for scale)', method: 'GET', path: () => '/health' },
  KNOWN,
  {
    name: 'cold-start users, top-10',
    method: 'POST',
    path: () => '/predict/',
    body: () => JSON.stringify({ user_id: 1_000_000 + Math.floor(Math.random() * COLD_POOL) }),
    target: { rps: 5000 },
  },
  { name: 'similar movies, n=10', method: 'GET', path: (r) => `/movies/${pick(r.movies)}/similar?n=10` },
];

async function run(scenario: Scenario, ready: Ready, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${ready.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: scenario.method,
        setupRequest: (request) => ({
          ...request,
          path: scenario.path(ready),
          ...(scenario.body ? { body: scenario.body(ready), headers: { 'content-type': 'application/json' } } : {}),
        }),
      },
    ],
  });
}

async function measure(scenarios: Scenario[], ratingsCacheSeconds: number, duration: number, label = ''): Promise<Figures[]> {
  const { child, ready } = await startServer(ratingsCacheSeconds);
  const out: Figures[] = [];
  try {
    for (const scenario of scenarios) {
      if (scenario.warmEveryUser) {
        for (const user_id of ready.users) {
          await fetch(`http://127.0.0.1:${ready.port}/predict/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id }) });
        }
      }
      await run(scenario, ready, WARMUP_SECONDS);
      const cpuBefore = await serverCpu(child);
      const result = await run(scenario, ready, duration);
      const cpu = (await serverCpu(child)) - cpuBefore;
      const { target } = scenario;
      const pass = target ? result.requests.average >= target.rps && (target.p99 === undefined || result.latency.p99 <= target.p99) : null;
      out.push({
        scenario: `${scenario.name}${label}`,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        cpu_us_per_request: Math.round(cpu / result.requests.total),
        requests: result.requests.total,
        failures: result.errors + result.timeouts + result.non2xx,
        target: target ? `≥ ${target.rps} req/s${target.p99 === undefined ? '' : `, p99 ≤ ${target.p99} ms`}` : '-',
        pass,
      });
    }
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
  }
  return out;
}

async function main(): Promise<void> {
  const duration = Number(option('--duration') ?? '10');
  const only = option('--only');
  const chosen = (scenarios: Scenario[], label = '') => scenarios.filter((s) => only === undefined || `${s.name}${label}`.includes(only));
  const uncached = chosen([{ ...KNOWN, warmEveryUser: false, target: undefined }], ', no ratings cache');
  const loadBefore = loadavg()[0];
  const figures = [
    ...(chosen(SCENARIOS).length > 0 ? await measure(chosen(SCENARIOS), 10, duration) : []),
    ...(uncached.length > 0 ? await measure(uncached, 0, duration, ', no ratings cache') : []),
  ];
  const logLevel = option('--log-level') ?? DEFAULT_LOG_LEVEL;
  const summary = { connections: CONNECTIONS, seconds: duration, log_level: logLevel, load_average_before: loadBefore, load_average_after: loadavg()[0], figures };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(`autocannon, ${CONNECTIONS} connections, ${duration} s per scenario, server log level ${logLevel}; 1-minute load average ${loadBefore.toFixed(1)} before, ${summary.load_average_after.toFixed(1)} after`);
  console.log(`${'scenario'.padEnd(40)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs'.padStart(7)} ${'failed'.padStart(7)}  target`);
  for (const f of figures) {
    const verdict = f.pass === null ? '' : f.pass ? ' (met)' : ' (NOT met)';
    console.log(`${f.scenario.padEnd(40)} ${f.rps.toFixed(0).padStart(8)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} ${String(f.cpu_us_per_request).padStart(7)} ${String(f.failures).padStart(7)}  ${f.target}${verdict}`);
  }
}

if (process.argv.includes('--server')) await serve(Number(process.env.BENCH_RATINGS_CACHE_SECONDS ?? '10'), process.env.BENCH_LOG_LEVEL as ApiConfig['logLevel']);
else await main();
