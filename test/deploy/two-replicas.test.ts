/**
 * Two replicas of `marquee serve` behind one load balancer, as a deployment runs them: one
 * PostgreSQL database, one artifact folder, a home each, the built-in tracking server in each over
 * the shared database. Training is asked of both at the same moment; the training_jobs table's
 * one-active index must let exactly one job run (the other request answers 409 naming it), and
 * afterwards both replicas must serve the promoted version — the one that trained it at once, the
 * other by polling the registry every MODEL_POLL_SECONDS.
 *
 * PostgreSQL only: two processes cannot share an embedded PGlite. Skipped without a server at
 * TEST_DATABASE_URL, except under CI=true, where that is a failure.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresUnavailable } from '../support/postgres-server.ts';
import { waitFor } from './support/prometheus-server.ts';
import { startReplica, type Answer, type Replica } from './support/replica.ts';
import { seededPostgres, type SeededPostgres } from './support/seeded-postgres.ts';

const MODEL = 'marquee-recommender';
/** In the data (ratings ordered by user) and in training: the model knows this user. */
const KNOWN_USER = 1;
const POLL_SECONDS = 1;
/** How long the replica that did not train may take to serve the new champion: ten polls, the load included. */
const PICK_UP_MS = 10 * POLL_SECONDS * 1000;

/** A small, quick training run: 60 users' ratings (8,752), two cheap candidates, two folds. */
const SERVICE_ENV = {
  MODEL_POLL_SECONDS: String(POLL_SECONDS),
  TRAINING_CANDIDATES: JSON.stringify([{ algo: 'BaselineOnly' }, { algo: 'SVD', params: { n_factors: 10, n_epochs: 5 } }]),
  TRAINING_FOLDS: '2',
  TRAINING_JOBS: '1',
  TRAINING_MIN_MOVIE_RATINGS: '2',
  TRAINING_REFERENCE_SAMPLE: '2000',
};

interface Job {
  job_id: string;
  state: string;
  trigger: string;
  decision: string | null;
  model: { name: string; version: string } | null;
  error: string | null;
}

interface Prediction {
  strategy: string;
  model: { name: string; version: string } | null;
  details: { reason: string };
  recommendations: { movie_id: number }[];
}

interface Readiness {
  status: string;
  model: { name: string; version: string } | null;
}

interface ModelList {
  champion: string | null;
  versions: { version: string }[];
}

const predict = (replica: Replica) => replica.post<Prediction>('/predict/', { user_id: KNOWN_USER });

const postgresProblem = await postgresUnavailable();
const skip = postgresProblem !== undefined && process.env.CI !== 'true' ? postgresProblem : false;
if (skip) console.log(`skipping two replicas: ${skip}`);

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

test('two replicas on one database: one training job for two triggers, both serve the new champion', { skip, timeout: 180_000 }, async () => {
  if (postgresProblem) throw new Error(`CI=true requires PostgreSQL: ${postgresProblem}`);
  const database: SeededPostgres = await seededPostgres({ maxUserId: 60 });
  cleanups.push(() => database.drop());
  const dirs = await Promise.all(['artifacts', 'home-a', 'home-b'].map((name) => mkdtemp(join(tmpdir(), `marquee-replica-${name}-`))));
  cleanups.push(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
  const [artifactsDir, homeA, homeB] = dirs;

  const shared = { ...SERVICE_ENV, DATABASE_URL: database.url, ARTIFACTS_DIR: artifactsDir };
  // Started together, as an orchestrator starts replicas.
  const started = await Promise.allSettled([
    startReplica('A', { ...shared, MARQUEE_HOME: homeA }),
    startReplica('B', { ...shared, MARQUEE_HOME: homeB }),
  ]);
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  for (const replica of replicas) cleanups.push(() => replica.stop());
  for (const s of started) if (s.status === 'rejected') throw s.reason;

  let failure: unknown;
  try {
    await scenario(replicas, database);
  } catch (error) {
    failure = error;
  }
  const ends = await Promise.all(replicas.map((r) => r.stop()));
  const outputs = ends.map((end, i) => `--- replica ${replicas[i].name} (exit ${end.code}):\n${end.stdout}${end.stderr}`).join('\n');
  if (failure) {
    if (failure instanceof Error) failure.message += `\n${outputs}`;
    throw failure;
  }
  assert.deepEqual(ends.map((end) => end.code), [0, 0], `both replicas exit 0 on SIGTERM\n${outputs}`);
});

async function scenario(replicas: Replica[], database: SeededPostgres): Promise<void> {
  for (const replica of replicas) {
    assert.deepEqual((await replica.get('/health')).body, { status: 'ok' }, replica.name);
    // Neither imported anything (the database had ratings) and there is no champion yet.
    assert.equal((await replica.get<{ ratings: number }>('/stats')).body.ratings, database.ratings, replica.name);
    const ready = await replica.get<Readiness>('/ready');
    assert.equal(ready.status, 503, `${replica.name} /ready: ${JSON.stringify(ready.body)}`);
    assert.equal(ready.body.model, null);
    const before = await predict(replica);
    assert.equal(before.status, 200);
    assert.deepEqual([before.body.strategy, before.body.details.reason, before.body.model], ['cold_start', 'no_model', null], replica.name);
    assert.deepEqual((await replica.get<ModelList>('/models')).body.versions, [], replica.name);
  }

  const triggers = await Promise.all(replicas.map((r) => r.post<{ job_id?: string; message?: string }>('/training/', {})));
  const accepted = triggers.filter((t) => t.status === 202);
  const refused = triggers.filter((t) => t.status === 409);
  const answers = triggers.map((t, i) => `${replicas[i].name}: ${t.status} ${JSON.stringify(t.body)}`).join('; ');
  // The documented behaviour (routes/training): one start, the other 409 naming the running job.
  assert.equal(accepted.length, 1, `exactly one trigger starts a job; ${answers}`);
  assert.equal(refused.length, 1, `the other is refused with 409; ${answers}`);
  const jobId = accepted[0].body.job_id!;
  assert.equal(refused[0].body.job_id, jobId, `the 409 names the running job; ${answers}`);
  assert.ok(refused[0].body.message?.includes(jobId), `the 409 message names the running job; ${answers}`);
  console.log(`triggers at once: ${answers}`);
  const trainer = replicas[triggers.indexOf(accepted[0])];
  const follower = replicas.find((r) => r !== trainer)!;

  // Either replica reports the job, whichever runs it: the record lives in the shared database.
  let job: Answer<Job> | undefined;
  await waitFor(
    () => `job ${jobId} to finish; last seen ${JSON.stringify(job?.body)}`,
    async () => {
      for (const replica of [follower, trainer]) {
        job = await replica.get<Job>(`/training/jobs/${jobId}`);
        assert.equal(job.status, 200, `${replica.name}: ${JSON.stringify(job.body)}`);
        if (job.body.state === 'queued' || job.body.state === 'running') return false;
      }
      return true;
    },
    120_000,
  );
  const finishedAt = Date.now();
  assert.equal(job!.body.state, 'succeeded', `job ${jobId}: ${job!.body.error}`);
  assert.deepEqual([job!.body.trigger, job!.body.decision, job!.body.model], ['api', 'promoted', { name: MODEL, version: '1' }]);

  // Exactly one job was ever recorded, and one model version registered.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ job_id: string; state: string }>('SELECT job_id, state FROM training_jobs');
    assert.deepEqual(rows, [{ job_id: jobId, state: 'succeeded' }]);
  } finally {
    await client.end();
  }
  for (const replica of replicas) {
    assert.equal((await replica.get<Job>('/training/status')).body.job_id, jobId, replica.name);
    const models = (await replica.get<ModelList>('/models')).body;
    assert.deepEqual([models.champion, models.versions.map((v) => v.version)], ['1', ['1']], replica.name);
  }

  // Both serve version 1: the trainer heard of its own promotion, the follower must find it by polling.
  const serving = new Map<string, Readiness>();
  await waitFor(
    () => `both replicas to serve ${MODEL} v1 after the job's end; /ready: ${JSON.stringify(Object.fromEntries(serving))}`,
    async () => {
      for (const replica of replicas) serving.set(replica.name, (await replica.get<Readiness>('/ready')).body);
      return [...serving.values()].every((r) => r.status === 'ready' && r.model?.version === '1');
    },
    PICK_UP_MS,
  );
  console.log(`${trainer.name} ran job ${jobId}; ${follower.name} served v1 within ${Date.now() - finishedAt} ms of the job being seen finished`);

  const predictions = await Promise.all(replicas.map(predict));
  for (const [i, { status, body }] of predictions.entries()) {
    const name = replicas[i].name;
    assert.equal(status, 200, name);
    assert.deepEqual([body.strategy, body.details.reason, body.model], ['personalized', 'known_user', { name: MODEL, version: '1' }], name);
    assert.equal(body.recommendations.length, 10, name);
  }
  // The same model file and the same ratings: the same ranking from either replica.
  assert.deepEqual(predictions[1].body.recommendations, predictions[0].body.recommendations);
}
