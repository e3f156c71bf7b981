/**
 * The cold-start ranking: every rated movie ordered by the engine's Popularity model (a Bayesian
 * average), fitted on all the ratings in the database. Fitting reads every rating, so it happens
 * once, on the first cold-start request, and again only after `invalidate()` — which the routes that
 * write ratings call. The ranking is the same for every user; what a user has rated is filtered out
 * per request, so a stale ranking can shift scores a little but never recommends a seen movie.
 */
import fp from 'fastify-plugin';
import { readRatings } from '../../../data/ratings-reader.ts';
import { Popularity } from '../../../engine/prediction-algorithms/popularity.ts';
import { TopNRanker } from '../../../engine/top-n.ts';
import { Trainset, type RatingArrays } from '../../../engine/trainset.ts';

/** Raw movie ids, best first, with their Bayesian averages. */
export interface PopularityRanking {
  movieIds: Int32Array;
  scores: Float64Array;
}

export interface ColdStartRanking {
  get(): Promise<PopularityRanking>;
  /** Ratings changed: the next `get()` refits. */
  invalidate(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    coldStartRanking: ColdStartRanking;
  }
}

/** The ratings table's scale (its CHECK constraint). */
const RATING_SCALE = { min: 0.5, max: 5 };

export function rankByPopularity(data: RatingArrays): PopularityRanking {
  const trainset = Trainset.build(data, RATING_SCALE);
  const ranked = new TopNRanker(new Popularity().fit(trainset)).rank(-1, trainset.nItems, { excludeRated: false });
  return { movieIds: ranked.items.map((i) => trainset.rawItemIds[i]), scores: ranked.scores };
}

export function createColdStartRanking(loadRatings: () => Promise<RatingArrays>): ColdStartRanking {
  let current: Promise<PopularityRanking> | undefined;
  return {
    get() {
      if (current === undefined) {
        const computing = loadRatings().then(rankByPopularity);
        current = computing;
        // A failed fit is not cached: the next request tries again.
        computing.catch(() => {
          if (current === computing) current = undefined;
        });
      }
      return current;
    },
    invalidate() {
      current = undefined;
    },
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('coldStartRanking', createColdStartRanking(() => readRatings(fastify.db)));
  },
  { name: 'cold-start-ranking', dependencies: ['database'] },
);
