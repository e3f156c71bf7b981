import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../src/pipeline/champion.ts';

const candidate = { name: 'SVD', holdoutRmse: 0.87 };

test('no champion: the best candidate is promoted', () => {
  assert.deepEqual(decide(candidate, undefined, 0.001, false), { promote: true, forced: false, reason: 'no champion yet; SVD has holdout RMSE 0.8700' });
});

test('promoted only when better by at least the margin', () => {
  const champion = (rmse: number) => ({ version: '3', algo: 'KNNBaseline', holdoutRmse: rmse });
  assert.equal(decide(candidate, champion(0.88), 0.01, false).promote, true);
  assert.equal(decide(candidate, champion(0.875), 0.01, false).promote, false);
  assert.equal(decide(candidate, champion(0.87), 0, false).promote, true, 'a zero margin accepts a tie');
  assert.equal(decide(candidate, champion(0.86), 0, false).promote, false);
  assert.match(decide(candidate, champion(0.875), 0.01, false).reason, /not better than champion v3 \(KNNBaseline\) at 0\.8750 by the margin 0\.01 \(difference 0\.0050\)/);
});

test('force promotes and says what the comparison alone would have decided', () => {
  const worse = decide(candidate, { version: '1', algo: 'SVD', holdoutRmse: 0.8 }, 0.001, true);
  assert.deepEqual([worse.promote, worse.forced], [true, true]);
  assert.match(worse.reason, /^forced although the comparison rejects it: /);
  assert.match(decide(candidate, undefined, 0.001, true).reason, /^forced \(the comparison would have promoted it too\)/);
});

test('a champion that cannot be evaluated is kept unless forced', () => {
  const broken = { version: '2', algo: 'Gone', problem: 'unknown algorithm "Gone"' };
  const kept = decide(candidate, broken, 0.001, false);
  assert.equal(kept.promote, false);
  assert.match(kept.reason, /champion v2 \(Gone\) cannot be evaluated \(unknown algorithm "Gone"\)/);
  assert.equal(decide(candidate, broken, 0.001, true).promote, true);
});
