/**
 * Each user's ratings, kept in memory so that a recommendation costs no database round trip: what
 * the user rated is excluded, and a user the model does not know is folded in from them.
 *
 * - Ratings written through this server (`POST /ratings`, rating generation) drop the users' entries
 *   at once (`invalidate`), so the next request reads them anew.
 * - Who else can write decides how long an entry may be trusted. The embedded database is this
 *   process's alone (its directory is locked), so its entries stay until a write here drops them,
 *   and the users who have any rating are known from one query at the start, so a user without
 *   ratings costs no query at all. On PostgreSQL other processes may write (an import, another
 *   server): an entry is read again once older than RATINGS_CACHE_SECONDS.
 * - RATINGS_CACHE_SECONDS=0 reads on every request, whatever the database.
 * - At most MAX_USERS entries, the least recently used leaving first.
 * - A read that overlaps a write may have missed it: its result answers its own request but is not
 *   kept, so nothing stale outlives the write.
 *
 * An entry is a fresh object whenever the user's ratings may have changed, so whatever is derived
 * from one (a folded-in user, a ranked list) can be memoised on the entry itself. Users without
 * ratings share one entry.
 */
import fp from 'fastify-plugin';
import type { RatingsRepository, UserRatingRows } from './ratings-repository.ts';

export interface UserRatings {
  /** Rated movies, ascending, and their ratings. */
  movieIds: Int32Array;
  ratings: Float32Array;
  seen: ReadonlySet<number>;
  /** Results derived from these ratings, by key (see the recommender). */
  readonly memo: Map<string, { basis: readonly unknown[]; value: unknown }>;
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

export interface UserRatingsOptions {
  /** 0: no cache. */
  ttlSeconds: number;
  /** No other process writes ratings: entries never expire, and raters are known up front. */
  exclusive: boolean;
  maxUsers?: number;
  now?: () => number;
}

const MAX_USERS = 20_000;

interface Slot {
  entry: UserRatings;
  expires: number;
}

const entryOf = (movieIds: Int32Array, ratings: Float32Array): UserRatings => ({ movieIds, ratings, seen: new Set(movieIds), memo: new Map() });

export function createUserRatingsCache(repository: Pick<RatingsRepository, 'ofUsers' | 'raters'>, options: UserRatingsOptions): UserRatingsCache {
  const slots = new Map<number, Slot>();
  const now = options.now ?? Date.now;
  const maxUsers = options.maxUsers ?? MAX_USERS;
  const ttl = options.exclusive ? Infinity : options.ttlSeconds * 1000;
  const caching = options.ttlSeconds > 0;
  const none = entryOf(new Int32Array(0), new Float32Array(0));
  /** Exclusive mode: every user with a rating (loaded on first use, grown by local writes). */
  let raters: Promise<Set<number>> | undefined;
  /** Bumped by every invalidation: a read that saw it change keeps nothing. */
  let writes = 0;

  const ratersKnown = () => {
    if (!raters) {
      const loading = repository.raters().then((ids) => new Set(ids));
      raters = loading;
      loading.catch(() => {
        if (raters === loading) raters = undefined;
      });
    }
    return raters;
  };

  async function read(userIds: number[]): Promise<Map<number, UserRatings>> {
    const before = writes;
    const rows: Map<number, UserRatingRows> = userIds.length === 0 ? new Map() : await repository.ofUsers(userIds);
    const out = new Map<number, UserRatings>();
    const keep = caching && writes === before;
    for (const userId of userIds) {
      const found = rows.get(userId);
      const entry = found ? entryOf(found.movieIds, found.ratings) : none;
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
      const known = caching && options.exclusive ? await ratersKnown() : undefined;
      const t = now();
      for (const userId of new Set(userIds)) {
        const slot = caching ? slots.get(userId) : undefined;
        if (slot && slot.expires > t) {
          slots.delete(userId);
          slots.set(userId, slot);
          out.set(userId, slot.entry);
        } else if (known && !known.has(userId)) out.set(userId, none);
        else missing.push(userId);
      }
      if (missing.length > 0) for (const [userId, entry] of await read(missing)) out.set(userId, entry);
      return out;
    },

    invalidate(userIds) {
      writes++;
      for (const userId of userIds) {
        slots.delete(userId);
        void raters?.then((known) => known.add(userId));
      }
    },
  };
}

export default fp(
  async (fastify, opts: { ttlSeconds: number }) => {
    fastify.decorate('userRatings', createUserRatingsCache(fastify.ratingsRepository, { ttlSeconds: opts.ttlSeconds, exclusive: fastify.db.kind === 'pglite' }));
  },
  { name: 'user-ratings', dependencies: ['ratings-repository', 'database'] },
);
