import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAnswer } from '../../../src/cli/commands/drift.command.ts';
import { driftHarness } from './support/drift-harness.ts';
import { driftReference, latestSmall, shifted } from './support/drift-data.ts';

test("marquee drift's text output: windows, verdict, one line per test, skipped checks and where the report is", async () => {
  const data = latestSmall();
  const current = shifted(data, 300, 4);
  const harness = driftHarness({ reference: driftReference(data), current });
  try {
    const answer = await harness.service.check();
    const lines = formatAnswer(answer, 'local folder /srv/artifacts').split('\n');
    assert.equal(lines[0], 'reference  marquee-recommender v3: 100,836 ratings, 1996-03-29T18:36:55.000Z to 2018-09-24T14:27:30.000Z');
    const movies = new Set(current.ratings.itemIds).size;
    assert.equal(lines[1], `current    ratings after the champion's training data: 300 ratings, 20 users, ${movies} movies`);
    assert.equal(answer.drift_detected, true);
    assert.equal(lines[2], `verdict    DRIFT DETECTED (${((answer.share_drifted ?? NaN) * 100).toFixed(0)} % of features drifted; threshold 50 %)`);
    const rating = answer.features[0];
    assert.equal(lines[5], `rating             ks         ${rating.statistic.toPrecision(4).padStart(10)} ${rating.p_value!.toExponential(1).padStart(10)}  yes      ${rating.psi!.toFixed(4).padStart(8)}`);
    assert.equal(lines.filter((l) => /^(rating|ratings_per_user|ratings_per_movie|movie_popularity|genres|hour_of_day) /.test(l)).length, 7);
    assert.match(lines.at(-3) ?? '', /^model_performance +not checked: 0 current ratings are unseen by the champion and of users and movies it knows/);
    assert.equal(lines.at(-1), `report     reports/drift/${answer.report_id}.html in local folder /srv/artifacts; served at ${answer.report_url}`);
  } finally {
    harness.close();
  }
});
