import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCatalogue } from '../../../../src/api/plugins/app/catalogue.ts';
import type { MovieRow } from '../../../../src/api/plugins/app/movies-repository.ts';

function fakeMovies(initial: MovieRow[]) {
  const table = [...initial];
  const calls: string[] = [];
  return {
    table,
    calls,
    repository: {
      async all() {
        calls.push('all');
        return [...table];
      },
      async findMany(ids: readonly number[]) {
        calls.push(`find ${ids.join(',')}`);
        return table.filter((m) => ids.includes(m.movie_id));
      },
    },
  };
}

const movie = (movie_id: number, genres: string[]): MovieRow => ({ movie_id, title: `Movie ${movie_id}`, year: 2000, genres });

test('reads the catalogue once, finds movies imported since, and remembers ids that are nowhere', async () => {
  const { table, calls, repository } = fakeMovies([movie(1, ['Comedy']), movie(2, ['Drama'])]);
  const catalogue = createCatalogue(repository);
  assert.deepEqual([...(await catalogue.lookup([1, 2])).keys()], [1, 2]);
  table.push(movie(3, ['Horror']));
  assert.deepEqual([...(await catalogue.lookup([3, 4])).keys()], [3]);
  await catalogue.lookup([3, 4]);
  assert.deepEqual(calls, ['all', 'find 3,4']);
});

test('genre lists match any of their genres, in any case, and the whole table is read again once stale', async () => {
  let clock = 0;
  const { table, calls, repository } = fakeMovies([movie(1, ['Comedy']), movie(2, ['Drama', 'Comedy']), movie(3, ['Sci-Fi'])]);
  const catalogue = createCatalogue(repository, () => clock);
  assert.deepEqual([...(await catalogue.withAnyGenre(['comedy']))].sort(), [1, 2]);
  assert.deepEqual([...(await catalogue.withAnyGenre(['SCI-FI', 'drama']))].sort(), [2, 3]);
  assert.deepEqual([...(await catalogue.withAnyGenre(['Western']))], []);
  table.push(movie(4, ['Western']));
  clock = 60_001;
  await catalogue.withAnyGenre(['Western']); // answered from the stale copy while the new one is read
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([...(await catalogue.withAnyGenre(['western']))], [4]);
  assert.deepEqual(calls, ['all', 'all']);
});

test('the generation stays while lookups fill in movies, and changes with the next full read', async () => {
  let clock = 0;
  const { table, repository } = fakeMovies([movie(1, ['Comedy'])]);
  const catalogue = createCatalogue(repository, () => clock);
  const first = await catalogue.generation();
  table.push(movie(2, ['Drama']));
  assert.deepEqual([...(await catalogue.lookup([1, 2, 3])).keys()], [1, 2]);
  assert.equal(await catalogue.generation(), first, 'ids looked up since answer the same until the next full read');
  table[0] = { ...table[0], title: 'Renamed' };
  clock = 60_001;
  assert.equal(await catalogue.generation(), first, 'the stale read answers while the next one is read');
  await new Promise((r) => setImmediate(r));
  const second = await catalogue.generation();
  assert.notEqual(second, first);
  assert.equal((await catalogue.lookup([1])).get(1)?.title, 'Renamed');
});
