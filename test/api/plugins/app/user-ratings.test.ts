import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserRatingsCache } from '../../../../src/api/plugins/app/user-ratings.ts';

type Row = { user_id: number; movie_id: number; rating: number };

function fakeRepository(rows: Row[]) {
  const reads: number[][] = [];
  let gate: Promise<void> | undefined;
  return {
    reads,
    hold: () => {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = undefined;
        open();
      };
    },
    repository: {
      async ofUsers(userIds: readonly number[]) {
        reads.push([...userIds]);
        const snapshot = rows.filter((r) => userIds.includes(r.user_id));
        await gate;
        return snapshot;
      },
    },
  };
}

test('reads the users it does not hold in one query, then answers from memory until the entry ages', async () => {
  let clock = 0;
  const rows = [
    { user_id: 1, movie_id: 5, rating: 4 },
    { user_id: 1, movie_id: 9, rating: 2.5 },
  ];
  const { reads, repository } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 10, now: () => clock });
  const first = await cache.get([1, 2, 1]);
  assert.deepEqual(reads, [[1, 2]]);
  assert.deepEqual([...first.get(1)!.movieIds], [5, 9]);
  assert.deepEqual([...first.get(1)!.ratings], [4, 2.5]);
  assert.deepEqual([...first.get(2)!.seen], [], 'a user without ratings has an empty entry');
  clock = 9_999;
  assert.equal((await cache.get([1])).get(1), first.get(1));
  assert.equal(reads.length, 1);
  clock = 10_001;
  rows.push({ user_id: 1, movie_id: 7, rating: 5 });
  assert.deepEqual([...(await cache.get([1])).get(1)!.seen], [5, 9, 7]);
  assert.equal(reads.length, 2);
});

test('invalidate drops the entries at once', async () => {
  const rows = [{ user_id: 1, movie_id: 5, rating: 4 }];
  const { reads, repository } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 60 });
  await cache.get([1]);
  rows.push({ user_id: 1, movie_id: 6, rating: 3 });
  cache.invalidate([1]);
  assert.deepEqual([...(await cache.get([1])).get(1)!.movieIds], [5, 6]);
  assert.equal(reads.length, 2);
});

test('a read that overlaps a write answers its request but is not kept', async () => {
  const rows = [{ user_id: 1, movie_id: 5, rating: 4 }];
  const { reads, repository, hold } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 60 });
  const release = hold();
  const reading = cache.get([1]);
  rows.push({ user_id: 1, movie_id: 6, rating: 3 });
  cache.invalidate([1]);
  release();
  assert.deepEqual([...(await reading).get(1)!.movieIds], [5]);
  assert.deepEqual([...(await cache.get([1])).get(1)!.movieIds], [5, 6]);
  assert.equal(reads.length, 2);
});

test('ttl 0 reads every time; the least recently used entries leave first', async () => {
  const { reads, repository } = fakeRepository([]);
  const uncached = createUserRatingsCache(repository, { ttlSeconds: 0 });
  await uncached.get([1]);
  await uncached.get([1]);
  assert.equal(reads.length, 2);

  const small = createUserRatingsCache(repository, { ttlSeconds: 60, maxUsers: 2 });
  await small.get([1, 2]);
  await small.get([1]); // 1 is now the most recent
  await small.get([3]); // evicts 2
  reads.length = 0;
  await small.get([1, 3]);
  assert.deepEqual(reads, []);
  await small.get([2]);
  assert.deepEqual(reads, [[2]]);
});
