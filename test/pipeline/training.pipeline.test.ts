/**
 * The whole training flow on real ratings (the bundled data's first 60 users), through the job
 * service as `marquee train` and `POST /training/` run it, with the embedded tracking server:
 * promote v1 → same data again is rejected with a reason → forced promotes v2 → rollback.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModelVersion, loadReferenceStats } from '../../src/pipeline/model-artifacts.ts';
import { RollbackError } from '../../src/pipeline/errors.ts';
import type { ChampionChange } from '../../src/pipeline/champion-events.ts';
import { forEachDatabase } from '../support/databases.ts';
import { train, trainingFixture } from './support/training-fixture.ts';

const tagsOf = (tags: { key: string; value: string }[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));

forEachDatabase('training pipeline', (open) => {
  test('promotes, rejects the same data, promotes when forced, rolls back', async () => {
    const db = await open();
    const fixture = await trainingFixture(db, { env: { TRAINING_JOBS: '2' } });
    const { runtime, tracking } = fixture;
    const changes: ChampionChange[] = [];
    runtime.events.on('changed', (change) => changes.push(change));
    try {
      // 1. First run: three candidate runs under one parent, the best promoted as v1.
      const first = await train(runtime);
      assert.equal(first.job?.state, 'succeeded', first.error);
      assert.equal(first.job?.decision, 'promoted');
      assert.deepEqual(first.job?.model, { name: 'marquee-recommender', version: '1' });
      assert.match(first.job?.reason ?? '', /^no champion yet/);
      assert.deepEqual(first.job?.candidates.map((c) => c.name), ['SVD', 'KNNBaseline', 'BaselineOnly']);
      assert.equal(first.job?.progress, 100);

      const parent = await tracking.getRun(first.job!.run_id!);
      assert.equal(parent.info.status, 'FINISHED');
      const parentTags = tagsOf(parent.data.tags);
      assert.equal(parentTags['marquee.decision'], 'promoted');
      assert.equal(parentTags['marquee.model_version'], '1');
      assert.equal(parentTags['data.ratings'], String(first.outcome?.data.ratings));
      assert.match(parentTags['data.hash'], /^sha256:[0-9a-f]{64}$/);
      const children = await tracking.childRuns(parent.info.experiment_id, parent.info.run_id);
      assert.deepEqual(children.map((r) => r.info.run_name).sort(), ['BaselineOnly', 'KNNBaseline', 'SVD']);
      for (const child of children) {
        const metrics = new Map((child.data.metrics ?? []).map((m) => [m.key, m.value]));
        for (const key of ['rmse', 'mae', 'fold_rmse', 'precision_at_10', 'ndcg_at_10', 'fit_seconds']) assert.ok(metrics.has(key), `${child.info.run_name} lacks ${key}`);
        const folds = await tracking.getMetricHistory(child.info.run_id, 'fold_rmse');
        assert.deepEqual(folds.map((m) => m.step), [0, 1, 2]);
        const mean = folds.reduce((s, m) => s + m.value, 0) / 3;
        assert.ok(Math.abs(mean - (metrics.get('rmse') as number)) < 1e-9, 'rmse is the mean of the fold RMSEs');
        assert.equal(tagsOf(child.data.tags)['data.hash'], parentTags['data.hash']);
        assert.equal((child.data.params ?? []).find((p) => p.key === 'algorithm')?.value, child.info.run_name);
      }
      const best = first.job!.candidates.reduce((a, b) => (b.rmse < a.rmse ? b : a));
      assert.equal(parentTags['marquee.best_candidate'], best.name);

      const v1 = await runtime.registry.champion();
      assert.equal(v1?.version, '1');
      assert.equal(v1?.runId, best.run_id);
      assert.equal(v1?.tags['marquee.algorithm'], best.algorithm);
      assert.equal(Number(v1?.tags['metric.cv_rmse']), best.rmse);
      assert.ok(Number(v1?.tags['metric.holdout_rmse']) > 0);
      assert.equal(v1?.tags['data.hash'], parentTags['data.hash']);
      const { algo, meta } = await loadModelVersion(tracking, v1!);
      assert.equal(algo.name, best.algorithm);
      assert.equal(algo.getTrainset().nRatings, first.outcome?.data.ratings, 'refitted on all the filtered ratings');
      assert.equal(meta.metrics.holdout_rmse, Number(v1?.tags['metric.holdout_rmse']));
      const stats = await loadReferenceStats(tracking, v1!);
      assert.equal(stats.data.hash, parentTags['data.hash']);
      assert.equal(stats.holdout.rmse, Number(v1?.tags['metric.holdout_rmse']));
      assert.equal(stats.hour_of_day.reduce((s, n) => s + n, 0), first.outcome?.data.ratings);
      assert.deepEqual(changes, [{ name: 'marquee-recommender', version: '1', replaced: undefined, cause: 'promoted', jobId: first.job?.job_id }]);

      // 2. The same data again: the best candidate ties the champion, so it is not promoted.
      const second = await train(runtime);
      assert.equal(second.job?.state, 'succeeded', second.error);
      assert.equal(second.job?.decision, 'rejected');
      assert.equal(second.job?.model, null);
      assert.match(second.job?.reason ?? '', /not better than champion v1 .* by the margin 0\.001/);
      const secondParent = tagsOf((await tracking.getRun(second.job!.run_id!)).data.tags);
      assert.equal(secondParent['marquee.decision'], 'rejected');
      assert.equal(secondParent['marquee.decision_reason'], second.job?.reason);
      assert.equal((await runtime.registry.champion())?.version, '1');
      assert.equal((await runtime.registry.list()).length, 1, 'a rejected candidate registers no version');

      // 3. Forced: promoted regardless, and the run says so.
      const forced = await train(runtime, { force: true });
      assert.equal(forced.job?.decision, 'promoted', forced.error);
      assert.match(forced.job?.reason ?? '', /^forced although the comparison rejects it/);
      assert.equal(tagsOf((await tracking.getRun(forced.job!.run_id!)).data.tags)['marquee.forced'], 'true');
      assert.equal((await runtime.registry.champion())?.version, '2');
      assert.equal((await runtime.registry.previous())?.version, '1');
      assert.equal((await runtime.registry.version('2')).tags['marquee.replaced_version'], '1');

      // 4. Rollback: v1 serves again; previous is removed (v1 replaced nothing); a second rollback is refused.
      const rollback = await runtime.rollback();
      assert.deepEqual(rollback, { from: '2', to: '1', previous: undefined });
      assert.equal((await runtime.registry.champion())?.version, '1');
      assert.equal(await runtime.registry.previous(), undefined);
      assert.ok((await runtime.registry.version('2')).tags['marquee.rolled_back_at']);
      await assert.rejects(runtime.rollback(), RollbackError);
      assert.deepEqual(
        changes.map((c) => [c.cause, c.version, c.replaced]),
        [
          ['promoted', '1', undefined],
          ['promoted', '2', '1'],
          ['rolled-back', '1', '2'],
        ],
      );
    } finally {
      await fixture.close();
    }
  });
});
