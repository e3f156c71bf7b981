/**
 * The movie catalogue in memory, for the recommendation routes: titles and genres of the ranked
 * movies and the genre filter without a query per request. The whole table is read on first use
 * and again once it is older than REFRESH_MS (movies change only through imports, which may run in
 * another process); meanwhile an id missing from memory is looked up in the database, so a movie
 * imported since the last read is found at once, and an id that is not there either is remembered
 * as absent until the next full read. (The genre filter sees such a movie after that read.)
 *
 * So an id, once looked up, is answered the same until the next full read: `generation()` names the
 * read, and whatever is built from lookups (a recommendation list with its titles) may be kept as
 * long as the generation it was built in is current.
 */
import fp from 'fastify-plugin';
import type { MovieRow, MoviesRepository } from './movies-repository.ts';

export interface Catalogue {
  /** The movies among `ids` (ids not in the catalogue are absent from the map). */
  lookup(ids: Iterable<number>): Promise<Map<number, MovieRow>>;
  /** Ids of the movies having at least one of `genres`, matched in any case. */
  withAnyGenre(genres: readonly string[]): Promise<ReadonlySet<number>>;
  /** The current full read, an opaque token: a new one whenever lookups may answer differently. */
  generation(): Promise<object>;
}

declare module 'fastify' {
  interface FastifyInstance {
    catalogue: Catalogue;
  }
}

const REFRESH_MS = 60_000;
const MAX_GENRE_LISTS = 1000;

interface Snapshot {
  movies: Map<number, MovieRow>;
  absent: Set<number>;
  /** Lower-cased genre → movie ids; unions for a list of genres are memoised by the list. */
  byGenre: Map<string, Set<number>>;
  unions: Map<string, ReadonlySet<number>>;
  readAt: number;
}

function snapshotOf(rows: MovieRow[], readAt: number): Snapshot {
  const byGenre = new Map<string, Set<number>>();
  for (const movie of rows) {
    for (const genre of movie.genres) {
      const key = genre.toLowerCase();
      let ids = byGenre.get(key);
      if (!ids) byGenre.set(key, (ids = new Set()));
      ids.add(movie.movie_id);
    }
  }
  return { movies: new Map(rows.map((m) => [m.movie_id, m])), absent: new Set(), byGenre, unions: new Map(), readAt };
}

export function createCatalogue(repository: Pick<MoviesRepository, 'all' | 'findMany'>, now: () => number = Date.now): Catalogue {
  let current: Snapshot | undefined;
  let reading: Promise<Snapshot> | undefined;

  const read = (): Promise<Snapshot> => {
    reading ??= repository
      .all()
      .then((rows) => (current = snapshotOf(rows, now())))
      .finally(() => (reading = undefined));
    return reading;
  };

  /** The snapshot to answer from: a stale one is still used while the next one is read. */
  const snapshot = async (): Promise<Snapshot> => {
    if (!current) return read();
    if (now() - current.readAt > REFRESH_MS) read().catch(() => {}); // the old snapshot keeps answering
    return current;
  };

  return {
    async lookup(ids) {
      const snap = await snapshot();
      const out = new Map<number, MovieRow>();
      const unknown: number[] = [];
      for (const id of ids) {
        const movie = snap.movies.get(id);
        if (movie) out.set(id, movie);
        else if (!snap.absent.has(id)) unknown.push(id);
      }
      if (unknown.length > 0) {
        const found = await repository.findMany(unknown);
        for (const movie of found) {
          snap.movies.set(movie.movie_id, movie);
          out.set(movie.movie_id, movie);
        }
        for (const id of unknown) if (!out.has(id)) snap.absent.add(id);
      }
      return out;
    },

    async withAnyGenre(genres) {
      const snap = await snapshot();
      const key = genres.map((g) => g.toLowerCase()).sort().join('\u0000');
      let ids = snap.unions.get(key);
      if (!ids) {
        const union = new Set<number>();
        for (const genre of new Set(key.split('\u0000'))) for (const id of snap.byGenre.get(genre) ?? []) union.add(id);
        // Clients choose the lists: keep a bounded number of them.
        if (snap.unions.size >= MAX_GENRE_LISTS) snap.unions.clear();
        snap.unions.set(key, (ids = union));
      }
      return ids;
    },

    generation: snapshot,
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('catalogue', createCatalogue(fastify.moviesRepository));
  },
  { name: 'catalogue', dependencies: ['movies-repository'] },
);
