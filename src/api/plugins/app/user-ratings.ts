/**
 * Each user's ratings, kept in memory so that a recommendation costs no database round trip: what
 * the user rated is excluded, and a user the model does not know is folded in from them.
 *
 * - Ratings written through this server (`POST /ratings`, rating generation) drop the users' entries
 *   at once (`invalidate`), so the next request reads them anew.
 * - Ratings written by another process (an import, another server) are seen once an entry is older
 *   than RATINGS_CACHE_SECONDS; 0 reads on every request.
 * - At most MAX_USERS entries, the least recently used leaving first.
 * - A read that overlaps a write may have missed it: its result answers its own request but is not
 *   kept, so nothing stale outlives the write.
 *
 * An entry is a fresh object whenever the user's ratings may have changed, so whatever is derived
 * from one (a folded-in user, a ranked list) can be memoised against the entry itself.
 */
import fp from 'fastify-plugin';
import type { RatingsRepository } from './ratings-repository.ts';

export interface UserRatings {
  userId: number;
  /** Rated movies, ascending, and their ratings. */
  movieIds: Int32Array;
  ratings: Float32Array;
  seen: ReadonlySet<number>;
  /** Results derived from these ratings, by key (see the recommender). */
  readonly memo: Map<string, { basis: object; value: unknown }>;
}

export interface UserRatingsCache {
  /** The ratings of each user (an empty entry for a user without any). */
  get(userIds: readonly number[]): Promise<Map<number, UserRatings>>;
  /** These users' ratings changed: their next `get` reads them again. */
  invalidate(userIds: Iterable<number>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    userRatings: UserRatingsCache;
  }
}

const MAX_USERS = 20_000;

interface Slot {
  entry: UserRatings;
  expires: number;
}

function entryOf(userId: number, movieIds: number[], ratings: number[]): UserRatings {
  return {
    userId,
    movieIds: Int32Array.from(movieIds),
    ratings: Float32Array.from(ratings),
    seen: new Set(movieIds),
    memo: new Map(),
  };
}

export function createUserRatingsCache(
  repository: Pick<RatingsRepository, 'ofUsers'>,
  options: { ttlSeconds: number; maxUsers?: number; now?: () => number },
): UserRatingsCache {
  const slots = new Map<number, Slot>();
  const now = options.now ?? Date.now;
  const maxUsers = options.maxUsers ?? MAX_USERS;
  const ttl = options.ttlSeconds * 1000;
  /** Bumped by every invalidation: a read that saw it change keeps nothing. */
  let writes = 0;

  async function read(userIds: number[]): Promise<Map<number, UserRatings>> {
    const before = writes;
    const grouped = new Map<number, { movies: number[]; ratings: number[] }>(userIds.map((u) => [u, { movies: [], ratings: [] }]));
    for (const row of await repository.ofUsers(userIds)) {
      const group = grouped.get(row.user_id)!;
      group.movies.push(row.movie_id);
      group.ratings.push(row.rating);
    }
    const out = new Map<number, UserRatings>();
    const keep = ttl > 0 && writes === before;
    for (const [userId, group] of grouped) {
      const entry = entryOf(userId, group.movies, group.ratings);
      out.set(userId, entry);
      if (keep) {
        slots.delete(userId);
        slots.set(userId, { entry, expires: now() + ttl });
      }
    }
    // Evict the least recently used: a Map iterates in insertion order, and hits re-insert.
    for (const userId of slots.keys()) {
      if (slots.size <= maxUsers) break;
      slots.delete(userId);
    }
    return out;
  }

  return {
    async get(userIds) {
      const out = new Map<number, UserRatings>();
      const missing: number[] = [];
      const t = now();
      for (const userId of new Set(userIds)) {
        const slot = slots.get(userId);
        if (slot && slot.expires > t) {
          slots.delete(userId);
          slots.set(userId, slot);
          out.set(userId, slot.entry);
        } else missing.push(userId);
      }
      if (missing.length > 0) for (const [userId, entry] of await read(missing)) out.set(userId, entry);
      return out;
    },

    invalidate(userIds) {
      writes++;
      for (const userId of userIds) slots.delete(userId);
    },
  };
}

export default fp(
  async (fastify, opts: { ttlSeconds: number }) => {
    fastify.decorate('userRatings', createUserRatingsCache(fastify.ratingsRepository, opts));
  },
  { name: 'user-ratings', dependencies: ['ratings-repository'] },
);
