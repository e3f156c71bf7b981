/**
 * `npm start` as a user runs it: the built CLI (`node dist/cli/main.js start`) on an empty
 * MARQUEE_HOME with the embedded defaults imports the bundled ml-latest-small, trains the first
 * model, serves personalised recommendations from it, and exits 0 on SIGTERM. The build runs first,
 * so the test exercises the current sources. Slow by nature: a real training run on 100,836 ratings.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let home: string;
let child: ChildProcess | undefined;
let output = '';

const exited = (process: ChildProcess) =>
  new Promise<number | null>((resolve) => (process.exitCode !== null ? resolve(process.exitCode) : process.once('exit', (code) => resolve(code))));

async function waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = pattern.exec(output);
    if (match) return match;
    if (child?.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${pattern} in the output of marquee start:\n${output}`);
}

before(async () => {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, `the build failed:\n${build.stdout}${build.stderr}`);
  home = await mkdtemp(join(tmpdir(), 'marquee-start-'));
});

after(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

test('npm start on an empty home: imports, trains v1, serves personalised recommendations, exits 0 on SIGTERM', { timeout: 900_000 }, async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MARQUEE_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|S3_|AWS_|MLFLOW_|TRAINING_|DRIFT_|MODEL_)/.test(k)));
  child = spawn(process.execPath, ['dist/cli/main.js', 'start', '--port', '0'], {
    cwd: repoRoot,
    env: { ...env, MARQUEE_HOME: home, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const [, base] = await waitFor(/Marquee API\s+(http:\/\/127\.0\.0\.1:\d+)\//, 120_000);
  assert.match(output, /^Imported .*ml-latest-small \(csv\)/m);
  assert.match(output, /^ratings\s+100,836$/m);
  assert.match(output, new RegExp(`API docs\\s+${base}/docs`));
  assert.match(output, new RegExp(`Metrics\\s+${base}/metrics`));
  assert.match(output, new RegExp(`MLflow\\s+MLFLOW_TRACKING_URI=${base}/mlflow`));
  assert.match(output, /No champion for marquee-recommender yet: training the first model/);

  await waitFor(/^Serving marquee-recommender v1$/m, 840_000);
  assert.match(output, /training \[ *\d+%\] cross-validating/, 'progress is shown');

  const response = await fetch(`${base}/predict/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user_id":1}' });
  assert.equal(response.status, 200);
  const prediction = (await response.json()) as { strategy: string; model: unknown; details: { reason: string }; recommendations: { movie_id: number }[] };
  assert.equal(prediction.strategy, 'personalized');
  assert.deepEqual(prediction.model, { name: 'marquee-recommender', version: '1' });
  assert.equal(prediction.details.reason, 'known_user');
  assert.equal(prediction.recommendations.length, 10);
  const rated = (await (await fetch(`${base}/users/1/ratings?limit=1000`)).json()) as { ratings: { movie_id: number }[] };
  const seen = new Set(rated.ratings.map((r) => r.movie_id));
  assert.ok(prediction.recommendations.every((r) => !seen.has(r.movie_id)), 'no movie user 1 rated');
  assert.deepEqual(await (await fetch(`${base}/ready`)).json(), { status: 'ready', reasons: [], model: { name: 'marquee-recommender', version: '1' } });
  assert.match(await (await fetch(`${base}/metrics`)).text(), /^marquee_model_info\{name="marquee-recommender",version="1"\} 1$/m);

  child.kill('SIGTERM');
  assert.equal(await exited(child), 0, output);
  assert.match(output, /SIGTERM: shutting down/);
});
