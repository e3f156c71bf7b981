/**
 * `marquee train` on the whole bundled ml-latest-small, with the default settings: three candidate
 * runs (3-fold CV in worker threads) under one parent run, the best promoted as version 1 with
 * alias champion and its model file stored; the same command again does not promote.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { LocalArtifactStore } from '../../src/artifacts/local/local-store.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { freshPgliteDir } from '../support/pglite-template.ts';
import { loadBundledData } from './support/bundled-data.ts';
import { runCli } from './support/cli-process.ts';
import { trainingFixture } from './support/training-fixture.ts';

const homes: string[] = [];
after(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

test('marquee train on the full bundled data promotes the best of three candidates, then rejects a rerun', async () => {
  const pgliteDir = await freshPgliteDir({ migrated: true });
  homes.push(dirname(pgliteDir));
  const seed = await openPglite(pgliteDir);
  const loaded = await loadBundledData(seed);
  await seed.close();
  const env = { MARQUEE_HOME: dirname(pgliteDir) };

  const started = performance.now();
  const first = await runCli(['train', '--json'], env);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(first.code, 0, first.stderr);
  const job = JSON.parse(first.stdout);
  console.log(`full ml-latest-small: marquee train took ${seconds.toFixed(1)} s (process start included)`);
  for (const c of job.candidates) console.log(`  ${c.name.padEnd(13)} CV RMSE ${c.rmse.toFixed(4)}  MAE ${c.mae.toFixed(4)}  fit ${c.fit_seconds.toFixed(2)} s`);
  assert.equal(job.state, 'succeeded');
  assert.equal(job.decision, 'promoted');
  assert.deepEqual(job.model, { name: 'marquee-recommender', version: '1' });
  assert.deepEqual(job.candidates.map((c: { name: string }) => c.name), ['SVD', 'KNNBaseline', 'BaselineOnly']);
  const rmse = Object.fromEntries(job.candidates.map((c: { name: string; rmse: number }) => [c.name, c.rmse]));
  // Surprise on this data (3-fold, all of it): KNNBaseline item pearson_baseline 0.865, BaselineOnly 0.877, SVD 0.880.
  assert.ok(rmse.KNNBaseline < rmse.BaselineOnly && rmse.KNNBaseline < rmse.SVD, JSON.stringify(rmse));
  for (const value of Object.values(rmse) as number[]) assert.ok(value > 0.84 && value < 0.9, `RMSE ${value} is far from Surprise's`);

  const rerun = await runCli(['train', '--json'], env);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.equal(JSON.parse(rerun.stdout).decision, 'rejected');

  const list = await runCli(['model', 'list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  const versions = JSON.parse(list.stdout).versions;
  assert.equal(versions.length, 1);
  assert.deepEqual(versions[0].aliases, ['champion']);
  assert.equal(versions[0].algorithm, 'KNNBaseline');
  assert.equal(versions[0].data.ratings, String(loaded.ratings));

  const rollback = await runCli(['model', 'rollback'], env);
  assert.equal(rollback.code, 2);
  assert.match(rollback.stderr, /no previous version is recorded to roll back to/);

  const db = await openPglite(pgliteDir);
  // The artifact folder the CLI wrote to, under its MARQUEE_HOME.
  const fixture = await trainingFixture(db, { load: false, artifacts: new LocalArtifactStore(join(env.MARQUEE_HOME, 'artifacts')) });
  try {
    const parent = await fixture.tracking.getRun(job.run_id);
    const children = await fixture.tracking.childRuns(parent.info.experiment_id, job.run_id);
    assert.equal(children.length, 3);
    const champion = (await fixture.runtime.registry.champion())!;
    const files = await fixture.tracking.listArtifacts(champion.runId!, 'model');
    assert.deepEqual(files.map((f) => f.path).sort(), ['model/model.mrqm', 'model/reference-stats.json']);
    assert.ok((files.find((f) => f.path === 'model/model.mrqm')?.file_size ?? 0) > 1e6);
  } finally {
    await fixture.close();
    await db.close();
  }
});
