/**
 * Training jobs in the database: one active job across processes (two services with different
 * owners stand in for two processes), startup recovery of jobs whose process is gone, and a job
 * taken over while running stops without promoting.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { test } from 'node:test';
import type { Database } from '../../src/data/db/database.ts';
import { TrainingJobConflictError } from '../../src/pipeline/errors.ts';
import { newOwner } from '../../src/pipeline/jobs/job-owner.ts';
import { TrainingJobsRepository } from '../../src/pipeline/jobs/training-jobs.repository.ts';
import { createTrainingRuntime } from '../../src/pipeline/training-runtime.ts';
import { forEachDatabase } from '../support/databases.ts';
import { SMALL_ENV, train, trainingFixture } from './support/training-fixture.ts';

const QUICK = { TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"}]' };

/** The pid of a process that has exited, so is certainly not running. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

forEachDatabase('training jobs', (open) => {
  test('the one-active index refuses a second queued or running job; writes are fenced by owner', async () => {
    const repository = new TrainingJobsRepository(await open());
    assert.equal(await repository.insert({ jobId: 'a', trigger: 'api', force: false, overrides: {}, owner: 'h:1:x' }), true);
    assert.equal(await repository.insert({ jobId: 'b', trigger: 'cli', force: true, overrides: {}, owner: 'h:2:y' }), false);
    assert.equal(await repository.markRunning('a', 'h:2:y'), false, 'another owner cannot touch the job');
    assert.equal(await repository.markRunning('a', 'h:1:x'), true);
    assert.equal(await repository.progress('a', 'h:1:x', 'loading', 2), true);
    assert.equal(await repository.fail('a', 'h:1:x', 'boom'), true);
    assert.equal(await repository.progress('a', 'h:1:x', 'comparing', 65), false, 'a finished job takes no more writes');
    assert.equal(await repository.insert({ jobId: 'b', trigger: 'cli', force: true, overrides: {}, owner: 'h:2:y' }), true);
    assert.equal((await repository.active())?.job_id, 'b');
  });

  test('two services starting at once: one job runs, the other is told its id', async () => {
    const db = await open();
    const fixture = await trainingFixture(db, { env: QUICK });
    const other = await createTrainingRuntime({ db, tracking: fixture.tracking, env: { ...SMALL_ENV, ...QUICK } });
    try {
      const results = await Promise.allSettled([fixture.runtime.jobs.start({ trigger: 'api' }), other.jobs.start({ trigger: 'cli' })]);
      const started = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(started.length, 1);
      assert.equal(refused.length, 1);
      const { jobId, done } = (started[0] as PromiseFulfilledResult<{ jobId: string; done: Promise<unknown> }>).value;
      const reason = (refused[0] as PromiseRejectedResult).reason;
      assert.ok(reason instanceof TrainingJobConflictError);
      assert.equal(reason.jobId, jobId);
      assert.equal(reason.status, 409);
      await done;
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM training_jobs');
      assert.equal(rows.rows[0].n, 1);
    } finally {
      await other.close();
      await fixture.close();
    }
  });

  test('startup recovery fails the jobs whose process is gone, not the live ones', async () => {
    const db = await open();
    const repository = new TrainingJobsRepository(db);
    const fixture = await trainingFixture(db, { env: QUICK, load: false });
    try {
      const recover = () => createTrainingRuntime({ db, tracking: fixture.tracking, env: { ...SMALL_ENV, ...QUICK }, staleAfterMs: 60_000 });
      // A live process on this host (this one, another job service): left alone.
      const live = newOwner();
      await repository.insert({ jobId: 'live', trigger: 'api', force: false, overrides: {}, owner: live });
      await repository.markRunning('live', live);
      await (await recover()).close();
      assert.equal((await repository.get('live'))?.state, 'running');
      await db.query(`UPDATE training_jobs SET state = 'failed', finished_at = now() WHERE job_id = 'live'`);

      // A dead pid on this host: failed at once.
      const pid = deadPid();
      await repository.insert({ jobId: 'crashed', trigger: 'cli', force: false, overrides: {}, owner: `${hostname()}:${pid}:x` });
      const runtime = await recover();
      await runtime.close();
      const crashed = await repository.get('crashed');
      assert.equal(crashed?.state, 'failed');
      assert.match(crashed?.error ?? '', new RegExp(`^interrupted: process ${pid} on .* is gone`));

      // Another host, silent for longer than the limit: failed.
      await repository.insert({ jobId: 'remote', trigger: 'api', force: false, overrides: {}, owner: 'elsewhere:42:y' });
      await db.query(`UPDATE training_jobs SET heartbeat_at = now() - interval '2 minutes' WHERE job_id = 'remote'`);
      await (await recover()).close();
      assert.match((await repository.get('remote'))?.error ?? '', /^interrupted: no heartbeat from elsewhere:42:y for 1\d\d s/);
    } finally {
      await fixture.close();
    }
  });

  test('a job taken over while it runs stops before promoting anything', async () => {
    const db = await open();
    let takenOver = false;
    // Another process declares the job dead just as it starts cross-validating.
    const intercepting: Database = Object.create(db, {
      query: {
        value: async (sql: string, params?: unknown[]) => {
          if (!takenOver && /SET step = \$3/.test(sql) && params?.[2] === 'cross-validating') {
            takenOver = true;
            await db.query(`UPDATE training_jobs SET state = 'failed', error = 'taken over', finished_at = now() WHERE job_id = $1`, [params[0] as string]);
          }
          return db.query(sql, params as never);
        },
      },
    });
    const fixture = await trainingFixture(intercepting, { env: QUICK });
    try {
      const end = await train(fixture.runtime);
      assert.ok(takenOver);
      assert.equal(end.job?.state, 'failed');
      assert.equal(end.job?.error, 'taken over', 'the takeover is what the record says');
      assert.match(end.error ?? '', /was taken over/);
      assert.equal(await fixture.runtime.registry.champion(), undefined);
      assert.equal((await fixture.tracking.getRun(end.job!.run_id!)).info.status, 'FAILED');
    } finally {
      await fixture.close();
    }
  });

  test('closing while a job runs: the job fails as interrupted, and its pipeline has stopped and ended its run when close resolves', async () => {
    const db = await open();
    const fixture = await trainingFixture(db, { env: QUICK });
    try {
      let closing: Promise<void> | undefined;
      let ended = false;
      // The process shuts down just as the job starts cross-validating.
      const { done } = await fixture.runtime.jobs.start({
        trigger: 'api',
        onEvent: (event) => {
          if (event.type === 'step' && event.step === 'cross-validating') closing ??= fixture.runtime.close();
        },
      });
      void done.then(() => (ended = true));
      while (!closing) await new Promise((resolve) => setTimeout(resolve, 10));
      await closing;
      assert.ok(ended, 'close waited for the pipeline to stop');
      const end = await done;
      assert.equal(end.job?.state, 'failed');
      assert.equal(end.job?.error, 'interrupted: the process shut down before the job finished');
      assert.equal(await fixture.runtime.registry.champion(), undefined);
      assert.equal((await fixture.tracking.getRun(end.job!.run_id!)).info.status, 'FAILED');
    } finally {
      await fixture.close();
    }
  });
});
