import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRatingRows } from '../../../../src/api/plugins/app/ratings-repository.ts';
import { createUserRatingsCache } from '../../../../src/api/plugins/app/user-ratings.ts';

type Row = { user_id: number; movie_id: number; rating: number };

/** The repository over an array of rows, recording each query. */
function fakeRepository(rows: Row[]) {
  const reads: (number[] | 'raters')[] = [];
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
        const out = new Map<number, UserRatingRows>();
        for (const u of userIds) {
          const mine = rows.filter((r) => r.user_id === u).sort((a, b) => a.movie_id - b.movie_id);
          if (mine.length > 0) out.set(u, { movieIds: Int32Array.from(mine, (r) => r.movie_id), ratings: Float32Array.from(mine, (r) => r.rating) });
        }
        await gate;
        return out;
      },
      async raters() {
        reads.push('raters');
        return [...new Set(rows.map((r) => r.user_id))];
      },
    },
  };
}

test('shared database: reads missing users in one query, answers from memory until the entry ages', async () => {
  let clock = 0;
  const rows = [
    { user_id: 1, movie_id: 9, rating: 2.5 },
    { user_id: 1, movie_id: 5, rating: 4 },
  ];
  const { reads, repository } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 10, exclusive: false, now: () => clock });
  const first = await cache.get([1, 2, 1]);
  assert.deepEqual(reads, [[1, 2]]);
  assert.deepEqual([...first.get(1)!.movieIds], [5, 9]);
  assert.deepEqual([...first.get(1)!.ratings], [4, 2.5]);
  assert.deepEqual([...first.get(2)!.seen], [], 'a user without ratings has an empty entry');
  clock = 9_999;
  assert.equal((await cache.get([1])).get(1), first.get(1));
  assert.equal(reads.length, 1);
  clock = 10_001; // another process may have written meanwhile
  rows.push({ user_id: 1, movie_id: 7, rating: 5 });
  assert.deepEqual([...(await cache.get([1])).get(1)!.seen], [5, 7, 9]);
  assert.equal(reads.length, 2);
});

test('exclusive database: entries never age, and users without ratings cost no query', async () => {
  let clock = 0;
  const rows = [{ user_id: 1, movie_id: 5, rating: 4 }];
  const { reads, repository } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 10, exclusive: true, now: () => clock });
  await cache.get([1, 2, 3]);
  clock = 1e9;
  await cache.get([1, 2, 3, 4]);
  assert.deepEqual(reads, ['raters', [1]]);
  // A write here makes a new rater known at once.
  rows.push({ user_id: 4, movie_id: 5, rating: 1 });
  cache.invalidate([4]);
  assert.deepEqual([...(await cache.get([4])).get(4)!.movieIds], [5]);
  assert.deepEqual(reads, ['raters', [1], [4]]);
});

test('invalidate drops the entries at once', async () => {
  const rows = [{ user_id: 1, movie_id: 5, rating: 4 }];
  const { reads, repository } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 60, exclusive: false });
  await cache.get([1]);
  rows.push({ user_id: 1, movie_id: 6, rating: 3 });
  cache.invalidate([1]);
  assert.deepEqual([...(await cache.get([1])).get(1)!.movieIds], [5, 6]);
  assert.equal(reads.length, 2);
});

test('a read that overlaps a write answers its request but is not kept', async () => {
  const rows = [{ user_id: 1, movie_id: 5, rating: 4 }];
  const { reads, repository, hold } = fakeRepository(rows);
  const cache = createUserRatingsCache(repository, { ttlSeconds: 60, exclusive: false });
  const release = hold();
  const reading = cache.get([1]);
  await new Promise((r) => setImmediate(r));
  rows.push({ user_id: 1, movie_id: 6, rating: 3 });
  cache.invalidate([1]);
  release();
  assert.deepEqual([...(await reading).get(1)!.movieIds], [5]);
  assert.deepEqual([...(await cache.get([1])).get(1)!.movieIds], [5, 6]);
  assert.equal(reads.length, 2);
});

test('ttl 0 reads every time, even on the exclusive database; the least recently used entries leave first', async () => {
  const { reads, repository } = fakeRepository([{ user_id: 1, movie_id: 5, rating: 4 }]);
  const uncached = createUserRatingsCache(repository, { ttlSeconds: 0, exclusive: true });
  await uncached.get([1, 2]);
  await uncached.get([1, 2]);
  assert.deepEqual(reads, [[1, 2], [1, 2]]);

  reads.length = 0;
  const small = createUserRatingsCache(repository, { ttlSeconds: 60, exclusive: false, maxUsers: 2 });
  await small.get([1, 2]);
  await small.get([1]); // 1 is now the most recent
  await small.get([3]); // evicts 2
  reads.length = 0;
  await small.get([1, 3]);
  assert.deepEqual(reads, []);
  await small.get([2]);
  assert.deepEqual(reads, [[2]]);
});
