import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KFold, LeaveLastOut, TrainTestSplit, foldCount, foldRows } from '../../../src/engine/model-selection/split.ts';
import type { RatingArrays } from '../../../src/engine/trainset.ts';

function rowsOnly(n: number): RatingArrays {
  return {
    userIds: Int32Array.from({ length: n }, (_, k) => k % 7),
    itemIds: Int32Array.from({ length: n }, (_, k) => k),
    ratings: new Float32Array(n).fill(3),
  };
}

const sorted = (xs: Int32Array) => [...xs].sort((a, b) => a - b);

describe('KFold', () => {
  test('puts every rating in exactly one test fold, with sizes like Surprise (remainder to the first folds)', () => {
    const plan = new KFold(5, { randomState: 3 }).split(rowsOnly(103));
    assert.equal(foldCount(plan), 5);
    const seen = new Uint8Array(103);
    const sizes: number[] = [];
    for (let k = 0; k < 5; k++) {
      const { trainRows, testRows } = foldRows(plan, k);
      sizes.push(testRows.length);
      for (const row of testRows) seen[row]++;
      // the trainset is exactly the complement of the testset
      assert.deepEqual(sorted(Int32Array.from([...trainRows, ...testRows])), Array.from({ length: 103 }, (_, r) => r));
    }
    assert.deepEqual(sizes, [21, 21, 21, 20, 20]);
    assert.ok(seen.every((count) => count === 1));
  });

  test('the same random_state gives the same folds; another gives others', () => {
    const data = rowsOnly(50);
    const a = new KFold(3, { randomState: 9 }).split(data);
    assert.deepEqual(a, new KFold(3, { randomState: 9 }).split(data));
    assert.notDeepEqual([...a.order], [...new KFold(3, { randomState: 10 }).split(data).order]);
  });

  test('without shuffling, folds are consecutive rows and the trainset keeps row order', () => {
    const plan = new KFold(3, { shuffle: false }).split(rowsOnly(7));
    assert.deepEqual([...foldRows(plan, 0).testRows], [0, 1, 2]);
    assert.deepEqual([...foldRows(plan, 1).testRows], [3, 4]);
    assert.deepEqual([...foldRows(plan, 1).trainRows], [0, 1, 2, 5, 6]);
  });

  test('rejects fewer than 2 folds and more folds than ratings', () => {
    assert.throws(() => new KFold(1), /n_splits must be an integer >= 2/);
    assert.throws(() => new KFold(5).split(rowsOnly(4)), /n_splits=5 is more than the 4 ratings/);
  });
});

describe('TrainTestSplit', () => {
  test('a fractional test_size is rounded up and the rest trains', () => {
    const plan = new TrainTestSplit({ testSize: 0.2, randomState: 1 }).split(rowsOnly(103));
    const { trainRows, testRows } = foldRows(plan, 0);
    assert.equal(testRows.length, 21); // ceil(20.6)
    assert.equal(trainRows.length, 82);
    assert.deepEqual(sorted(Int32Array.from([...trainRows, ...testRows])), Array.from({ length: 103 }, (_, r) => r));
  });

  test('an explicit train_size leaves the remaining rows out of both sets', () => {
    const plan = new TrainTestSplit({ testSize: 10, trainSize: 50 }).split(rowsOnly(100));
    const { trainRows, testRows } = foldRows(plan, 0);
    assert.equal(trainRows.length, 50);
    assert.equal(testRows.length, 10);
    assert.equal(new Set([...trainRows, ...testRows]).size, 60);
  });

  test('rejects sizes that do not fit', () => {
    assert.throws(() => new TrainTestSplit({ testSize: 100 }).split(rowsOnly(100)), /test_size=100/);
    assert.throws(() => new TrainTestSplit({ testSize: 0.5, trainSize: 0.6 }).split(rowsOnly(100)), /exceeds the 100 ratings/);
  });
});

describe('LeaveLastOut', () => {
  const data: RatingArrays = {
    userIds: Int32Array.from([1, 1, 2, 1, 2, 3, 2]),
    itemIds: Int32Array.from([10, 11, 10, 12, 13, 10, 11]),
    ratings: Float32Array.from([4, 3, 5, 2, 1, 4, 3]),
    timestamps: Float64Array.from([100, 300, 50, 200, 70, 10, 70]),
  };

  test("holds out each user's latest rating (the later row on a tie)", () => {
    const { trainRows, testRows } = foldRows(new LeaveLastOut().split(data), 0);
    // user 1: row 1 (t=300); user 2: rows 4 and 6 tie at t=70 → row 6; user 3: its only rating, row 5
    assert.deepEqual(sorted(testRows), [1, 5, 6]);
    assert.deepEqual([...trainRows], [0, 2, 3, 4]);
  });

  test('min_n_ratings drops users with too few ratings from both sets, as Surprise does', () => {
    const { trainRows, testRows } = foldRows(new LeaveLastOut({ minNRatings: 1 }).split(data), 0);
    assert.deepEqual(sorted(testRows), [1, 6]);
    assert.deepEqual([...trainRows], [0, 2, 3, 4]);
  });

  test('needs timestamps', () => {
    const { timestamps: _, ...untimed } = data;
    assert.throws(() => new LeaveLastOut().split(untimed), /needs timestamps/);
  });
});
