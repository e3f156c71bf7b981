/**
 * `marquee train` as separate processes on one database: a process killed mid-training leaves a job
 * that the next start marks failed (champion unchanged), and two processes triggering at once
 * produce one job.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../../src/data/db/database.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { openPostgres } from '../../src/data/db/postgres/index.ts';
import { TrainingJobsRepository } from '../../src/pipeline/jobs/training-jobs.repository.ts';
import { forEachDatabase, type FreshTarget } from '../support/databases.ts';
import { loadBundledData } from './support/bundled-data.ts';
import { runCli, startCli } from './support/cli-process.ts';
import { trainingFixture } from './support/training-fixture.ts';

const TRAIN_ENV = { TRAINING_JOBS: '1', TRAINING_MIN_MOVIE_RATINGS: '2' };

async function openTarget(target: FreshTarget): Promise<Database> {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openPglite(target.pgliteDir);
}

async function seeded(fresh: () => Promise<FreshTarget>, maxUserId: number): Promise<{ target: FreshTarget; env: Record<string, string> }> {
  const target = await fresh();
  const db = await openTarget(target);
  try {
    await loadBundledData(db, { maxUserId });
  } finally {
    await db.close();
  }
  return { target, env: { ...target.env, ...TRAIN_ENV } };
}

forEachDatabase('marquee train processes', (_open, { kind, fresh }) => {
  test('a process killed mid-training: the next start marks its job failed, the champion is unchanged', async () => {
    const { target, env } = await seeded(fresh, 60);
    const first = await runCli(['train', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).model.version, '1');

    const doomed = startCli(['train', '--force'], env);
    await doomed.waitForStderr(/cross-validating: /);
    doomed.child.kill('SIGKILL');
    const killed = await doomed.done;
    assert.equal(killed.signal, 'SIGKILL');

    const db = await openTarget(target);
    const before = await new TrainingJobsRepository(db).active();
    assert.equal(before?.state, 'running', 'the killed job is left running in the table');
    const fixture = await trainingFixture(db, { load: false, env: TRAIN_ENV });
    try {
      const job = await fixture.runtime.jobs.get(before!.job_id);
      assert.equal(job?.state, 'failed');
      assert.match(job?.error ?? '', new RegExp(`^interrupted: process ${doomed.child.pid} on .* is gone`));
      assert.equal((await fixture.tracking.getRun(job!.run_id!)).info.status, 'FAILED');
      assert.equal((await fixture.runtime.registry.champion())?.version, '1');
      assert.deepEqual((await fixture.runtime.registry.list()).map((v) => v.version), ['1']);
    } finally {
      await fixture.close();
      await db.close();
    }
  });

  test('two processes triggering training at once: one job', async () => {
    const { target, env } = await seeded(fresh, 150);
    const [a, b] = await Promise.all([runCli(['train', '--json'], env), runCli(['train', '--json'], env)]);
    const winners = [a, b].filter((r) => r.code === 0);
    const losers = [a, b].filter((r) => r.code !== 0);
    assert.equal(winners.length, 1, `exit codes ${a.code} and ${b.code}:\n${a.stderr}\n${b.stderr}`);
    const job = JSON.parse(winners[0].stdout);
    assert.equal(job.state, 'succeeded');
    if (kind === 'postgres') {
      // Both reached the database; the second insert was refused and told which job runs.
      assert.equal(losers[0].code, 3, losers[0].stderr);
      assert.match(losers[0].stderr, new RegExp(`training job ${job.job_id} is already running`));
    } else {
      // The embedded database admits one process: the second cannot even open it.
      assert.equal(losers[0].code, 2, losers[0].stderr);
      assert.match(losers[0].stderr, /embedded database .* is in use by process/);
    }
    const db = await openTarget(target);
    try {
      const { rows } = await db.query<{ job_id: string }>('SELECT job_id FROM training_jobs');
      assert.deepEqual(rows.map((r) => r.job_id), [job.job_id]);
    } finally {
      await db.close();
    }
  });
});
