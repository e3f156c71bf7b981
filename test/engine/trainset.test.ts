import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainset, type RatingArrays } from '../../src/engine/trainset.ts';

const data: RatingArrays = {
  userIds: Int32Array.from([10, 20, 10, 30, 20]),
  itemIds: Int32Array.from([7, 7, 8, 9, 9]),
  ratings: Float32Array.from([4, 3, 5, 1, 2.5]),
};

test('inner ids follow the order of first appearance, and map back to raw ids', () => {
  const ts = Trainset.build(data, { min: 0.5, max: 5 });
  assert.equal(ts.nUsers, 3);
  assert.equal(ts.nItems, 3);
  assert.equal(ts.nRatings, 5);
  assert.deepEqual([...ts.rawUserIds], [10, 20, 30]);
  assert.deepEqual([...ts.rawItemIds], [7, 8, 9]);
  assert.equal(ts.innerUser(20), 1);
  assert.equal(ts.innerItem(9), 2);
  assert.equal(ts.innerUser(99), -1);
  assert.equal(ts.globalMean, 15.5 / 5);
});

test('the user and item CSR views hold every rating once, in input order within a row', () => {
  const ts = Trainset.build(data, { min: 0.5, max: 5 });
  // user 10 (inner 0) rated item 7 (inner 0) = 4, then item 8 (inner 1) = 5
  assert.deepEqual([...ts.ur.offsets], [0, 2, 4, 5]);
  assert.deepEqual([...ts.ur.index], [0, 1, 0, 2, 2]);
  assert.deepEqual([...ts.ur.ratings], [4, 5, 3, 2.5, 1]);
  // item 9 (inner 2) was rated by user 30 (inner 2) = 1, then user 20 (inner 1) = 2.5
  assert.deepEqual([...ts.ir.offsets], [0, 2, 3, 5]);
  assert.deepEqual([...ts.ir.index], [0, 1, 0, 2, 1]);
  assert.deepEqual([...ts.ir.ratings], [4, 3, 5, 1, 2.5]);
});

test('a row subset builds the trainset of those rows only', () => {
  const ts = Trainset.build(data, { min: 0.5, max: 5 }, Int32Array.from([3, 4]));
  assert.deepEqual([...ts.rawUserIds], [30, 20]);
  assert.deepEqual([...ts.rawItemIds], [9]);
  assert.equal(ts.globalMean, 1.75);
});
