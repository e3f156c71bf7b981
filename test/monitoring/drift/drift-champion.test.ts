/**
 * The drift check end to end on real parts: the bundled data in a database, a champion trained by
 * the pipeline and registered in the embedded tracking server, its stored reference statistics read
 * back, new ratings inserted, and `marquee drift` run as a user would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createArtifactStore } from '../../../src/artifacts/create-artifact-store.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Database } from '../../../src/data/db/database.ts';
import { openDatabase } from '../../../src/data/db/open-database.ts';
import { createDriftService } from '../../../src/monitoring/drift/create-drift-service.ts';
import { DRIFT_EXIT } from '../../../src/cli/commands/drift.command.ts';
import { connectTracking } from '../../../src/pipeline/tracking-connection.ts';
import { loadTrainingSettings } from '../../../src/pipeline/training.config.ts';
import { runTrainingPipeline } from '../../../src/pipeline/training.pipeline.ts';
import { runCli } from '../../support/cli.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { loadBundledData } from '../../pipeline/support/bundled-data.ts';

const TRAINING_ENV = { TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"}]', TRAINING_JOBS: '1', TRAINING_FOLDS: '2', TRAINING_REFERENCE_SAMPLE: '4000' };
const MINUTE = 60_000;

/** 400 ratings of 0.5 stars by the known users, of movies they had not rated, at 03:xx UTC after the training data. */
async function insertDriftedRatings(db: Database, after: Date): Promise<number> {
  const { rows } = await db.query<{ user_id: number; movie_id: number }>(
    `SELECT u.user_id, m.movie_id
       FROM (SELECT DISTINCT user_id FROM ratings) u
       CROSS JOIN (SELECT movie_id FROM ratings GROUP BY movie_id ORDER BY count(*) DESC, movie_id LIMIT 40) m
      WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = u.user_id AND r.movie_id = m.movie_id)
      ORDER BY u.user_id, m.movie_id LIMIT 400`,
  );
  const day = Math.ceil(after.getTime() / 86_400_000) * 86_400_000;
  const values = rows.map((r, k) => `(${r.user_id}, ${r.movie_id}, 0.5, to_timestamp(${(day + 3 * 60 * MINUTE + (k % 60) * MINUTE) / 1000}), 'api')`);
  await db.query(`INSERT INTO ratings (user_id, movie_id, rating, rated_at, source) VALUES ${values.join(', ')}`);
  return rows.length;
}

forEachDatabase('drift check against a trained champion', (_open, target) => {
  test('insufficient data right after training, drift (data and model) after shifted ratings; the CLI exit codes on PGlite', async () => {
    const fresh = await target.fresh();
    const env = { ...fresh.env, ...TRAINING_ENV };
    const config = loadConfig(env);
    const db = await openDatabase(config);
    const artifacts = createArtifactStore(config);
    const tracking = await connectTracking({ trackingUri: undefined, db, artifacts });
    try {
      await loadBundledData(db, { maxUserId: 60 });
      const settings = await loadTrainingSettings(env);
      const outcome = await runTrainingPipeline({ db, tracking: tracking.client }, { settings, force: false, trigger: 'cli' });
      assert.equal(outcome.decision, 'promoted');
      const service = createDriftService({ db, tracking: tracking.client, artifacts, modelName: settings.modelName, settings: { pValue: 0.05, featurePValues: {}, share: 0.5, rmseRatio: 1.1, minRatings: 100 } });

      const before = await service.check();
      assert.equal(before.status, 'insufficient_data');
      assert.equal(before.current.ratings, 0);
      assert.deepEqual(before.reference.model, { name: settings.modelName, version: outcome.model?.version, registered_at: before.reference.model.registered_at });
      assert.equal(before.reference.ratings, outcome.data.ratings);
      assert.equal(before.reference.period.to, outcome.data.last_rated_at);
      assert.equal(before.reference.sample_ratings, 4000);
      assert.equal(before.reference.holdout_rmse, outcome.holdout.candidate.rmse);

      const inserted = await insertDriftedRatings(db, new Date(outcome.data.last_rated_at!));
      assert.equal(inserted, 400);
      const after = await service.check();
      assert.equal(after.status, 'ok');
      assert.equal(after.current.ratings, 400);
      assert.equal(after.drift_detected, true);
      const performance = after.features.find((f) => f.feature === 'model_performance');
      assert.ok(performance && performance.drifted, 'the champion predicts 0.5-star ratings of known users badly');
      assert.equal(performance.current_size, 400);
      assert.ok(after.features.find((f) => f.feature === 'hour_of_day')?.drifted);
      assert.deepEqual((await service.reports.list()).map((r) => r.id), [after.report_id]);
    } finally {
      await tracking.close();
      await artifacts.close();
      await db.close();
    }

    // The CLI, on the same database and artifact folder; its code is the same on both drivers, and
    // each run opens the database anew, which costs seconds with PGlite: run it on the default driver.
    if (target.kind !== 'pglite') return;
    const json = await runCli(['drift', '--json'], env);
    assert.equal(json.code, DRIFT_EXIT.drift, json.stderr);
    const answer = JSON.parse(json.stdout);
    assert.equal(answer.drift_detected, true);
    assert.equal(answer.current.ratings, 400);

    const few = await runCli(['drift'], { ...env, DRIFT_MIN_RATINGS: '1000' });
    assert.equal(few.code, DRIFT_EXIT.insufficientData, few.stderr);
    assert.match(few.stdout, /insufficient data: 400 current ratings \(ratings after the champion's training data\); at least 1000/);

    const noChampion = await runCli(['drift'], { ...env, MODEL_NAME: 'never-trained' });
    assert.equal(noChampion.code, DRIFT_EXIT.failure);
    assert.match(noChampion.stderr, /never-trained has no champion yet/);

    // Bad arguments and settings stop before the database is opened.
    const both = await runCli(['drift', '--days', '1', '--last', '5'], env);
    assert.equal(both.code, DRIFT_EXIT.usage);
    assert.match(both.stderr, /--days.*cannot be used with.*--last/);
    const badEnv = await runCli(['drift'], { ...env, DRIFT_P_VALUE: '2' });
    assert.equal(badEnv.code, DRIFT_EXIT.usage);
    assert.match(badEnv.stderr, /DRIFT_P_VALUE/);
  });
});
