/**
 * Recording ratings, sent by clients or generated: checks what the schema cannot (every movie
 * exists, no pair twice in one request), writes them in one statement, then tells everything that
 * caches ratings (the users' entries, the popularity ranking) and counts them in the metrics.
 */
import fp from 'fastify-plugin';
import type { MarqueeMetrics } from '../../../monitoring/metrics.ts';
import { badRequest } from '../../errors.ts';
import type { ColdStartRanking } from './cold-start-ranking.ts';
import type { MoviesRepository } from './movies-repository.ts';
import type { NewRating, RatingsRepository, WrittenSource } from './ratings-repository.ts';
import type { UserRatingsCache } from './user-ratings.ts';

/** The JSON path of a property of the `index`-th rating as the client sent it (`[3].movie_id`). */
export type FieldPath = (index: number, property: keyof NewRating) => string;

export interface WriteCounts {
  inserted: number;
  updated: number;
}

export interface RatingsService {
  /** Ratings sent by a client: checked, then written with source `api`. */
  record(ratings: readonly NewRating[], fieldPath: FieldPath): Promise<WriteCounts>;
  /** Ratings the server made up itself (distinct pairs of catalogued movies), with source `generated`. */
  recordGenerated(ratings: readonly NewRating[]): Promise<WriteCounts>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ratingsService: RatingsService;
  }
}

interface RatingsServiceDeps {
  movies: Pick<MoviesRepository, 'missing'>;
  ratings: Pick<RatingsRepository, 'upsert'>;
  coldStartRanking: Pick<ColdStartRanking, 'invalidate'>;
  userRatings: Pick<UserRatingsCache, 'invalidate'>;
  metrics?: Pick<MarqueeMetrics, 'recordRatings'>;
}

export function createRatingsService(deps: RatingsServiceDeps): RatingsService {
  const write = async (batch: readonly NewRating[], source: WrittenSource) => {
    const counts = await deps.ratings.upsert(batch, source);
    deps.userRatings.invalidate(new Set(batch.map((r) => r.user_id)));
    deps.coldStartRanking.invalidate();
    deps.metrics?.recordRatings(source, counts.inserted + counts.updated);
    return counts;
  };

  return {
    async record(batch, fieldPath) {
      // The upsert can change a row only once per statement, so a repeated pair is the client's error.
      const firstIndex = new Map<string, number>();
      batch.forEach((r, k) => {
        const key = `${r.user_id}:${r.movie_id}`;
        const first = firstIndex.get(key);
        if (first !== undefined) {
          throw badRequest(`user ${r.user_id} rates movie ${r.movie_id} twice in this request (also at ${fieldPath(first, 'movie_id')})`, fieldPath(k, 'movie_id'));
        }
        firstIndex.set(key, k);
      });
      const missing = await deps.movies.missing([...new Set(batch.map((r) => r.movie_id))]);
      const bad = batch.findIndex((r) => missing.has(r.movie_id));
      if (bad !== -1) throw badRequest(`movie ${batch[bad].movie_id} does not exist`, fieldPath(bad, 'movie_id'));
      return write(batch, 'api');
    },

    recordGenerated: (batch) => write(batch, 'generated'),
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate(
      'ratingsService',
      createRatingsService({
        movies: fastify.moviesRepository,
        ratings: fastify.ratingsRepository,
        coldStartRanking: fastify.coldStartRanking,
        userRatings: fastify.userRatings,
        metrics: fastify.metrics,
      }),
    );
  },
  { name: 'ratings-service', dependencies: ['movies-repository', 'ratings-repository', 'cold-start-ranking', 'user-ratings', 'metrics'] },
);
