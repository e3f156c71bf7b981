/**
 * Top-N recommendations. Each user gets, in this order of preference:
 * - `personalized`, reason `known_user`: the serving model ranks for a user it was trained on;
 * - `personalized`, reason `folded_in`: a user the model was not trained on but who has at least
 *   FOLD_IN_MIN_RATINGS ratings is folded into the model from them (engine/fold-in.ts);
 * - `cold_start`: the popularity ranking, with the reason `no_model`, `too_few_ratings`, or
 *   `cannot_fold_in` (the model has no fold-in, or knows none of the user's movies).
 * Whatever the strategy, the movies the user rated are left out (unless `exclude_seen` is false),
 * including ratings newer than the model, and the answer names the model serving (null when none is).
 *
 * The hot path touches no database: the user's ratings and the catalogue are cached in memory
 * (user-ratings.ts, catalogue.ts), and a ranked list is memoised on the user's ratings entry until
 * the entry, the model or the popularity ranking changes. The model is read once per request, so a
 * swap never mixes two models in one answer.
 */
import fp from 'fastify-plugin';
import type { Static } from 'typebox';
import { foldInUser, rankFoldedIn, TopNRanker, type AlgoBase, type FoldedInUser, type Recommendations } from '../../../engine/index.ts';
import type { MarqueeMetrics } from '../../../monitoring/metrics.ts';
import type { ModelHolder, ServingModel } from '../../model-holder.ts';
import type { Prediction, PredictionReason, Recommendation as RecommendationSchema } from '../../schemas/predict.ts';
import type { Catalogue } from './catalogue.ts';
import type { ColdStartRanking, PopularityRanking } from './cold-start-ranking.ts';
import type { UserRatings, UserRatingsCache } from './user-ratings.ts';

export interface RecommendOptions {
  topN: number;
  excludeSeen: boolean;
  /** Only movies having at least one of these genres. */
  genres?: readonly string[];
}

export type Recommendation = Static<typeof RecommendationSchema>;
export type UserRecommendations = Static<typeof Prediction>;

/** A ranked movie before its title and genres are looked up. */
interface Ranked {
  movieId: number;
  score: number;
  estimate?: number;
}

type Plan =
  | { strategy: 'personalized'; reason: 'known_user'; model: ServingModel }
  | { strategy: 'personalized'; reason: 'folded_in'; model: ServingModel; folded: FoldedInUser }
  | { strategy: 'cold_start'; reason: Exclude<Static<typeof PredictionReason>, 'known_user' | 'folded_in'> };

export interface Recommender {
  recommend(userIds: readonly number[], options: RecommendOptions): Promise<UserRecommendations[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    recommender: Recommender;
  }
}

export interface RecommenderDeps {
  models: ModelHolder;
  catalogue: Catalogue;
  userRatings: UserRatingsCache;
  coldStartRanking: ColdStartRanking;
  foldInMinRatings: number;
  metrics?: Pick<MarqueeMetrics, 'recordPrediction'>;
}

/** Option combinations memoised per user: clients choose them. */
const MAX_MEMO = 16;

function memoised<T>(memo: Map<string, { basis: object; value: unknown }>, key: string, basis: object, compute: () => T): T {
  const hit = memo.get(key);
  if (hit && hit.basis === basis) return hit.value as T;
  const value = compute();
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, { basis, value });
  return value;
}

export function createRecommender(deps: RecommenderDeps): Recommender {
  const { models, catalogue, userRatings, coldStartRanking, foldInMinRatings, metrics } = deps;
  // Per fitted model: a ranker and a score buffer reused between requests (ranking is synchronous).
  // Per genre list of the catalogue (a new set when the catalogue is read again) and model: its
  // movies' inner ids.
  const rankers = new WeakMap<AlgoBase, TopNRanker>();
  const scratch = new WeakMap<AlgoBase, Float64Array>();
  const genreCandidates = new WeakMap<ReadonlySet<number>, WeakMap<AlgoBase, Int32Array>>();

  const rankerFor = (algorithm: AlgoBase) => {
    let ranker = rankers.get(algorithm);
    if (!ranker) rankers.set(algorithm, (ranker = new TopNRanker(algorithm)));
    return ranker;
  };
  const scratchFor = (algorithm: AlgoBase) => {
    let buffer = scratch.get(algorithm);
    if (!buffer) scratch.set(algorithm, (buffer = new Float64Array(algorithm.getTrainset().nItems)));
    return buffer;
  };
  const candidatesFor = (algorithm: AlgoBase, allowed: ReadonlySet<number>) => {
    let perModel = genreCandidates.get(allowed);
    if (!perModel) genreCandidates.set(allowed, (perModel = new WeakMap()));
    let candidates = perModel.get(algorithm);
    if (!candidates) {
      const trainset = algorithm.getTrainset();
      perModel.set(algorithm, (candidates = Int32Array.from([...allowed].map((id) => trainset.innerItem(id)).filter((i) => i >= 0))));
    }
    return candidates;
  };

  function plan(model: ServingModel | null, userId: number, user: UserRatings): Plan {
    if (!model) return { strategy: 'cold_start', reason: 'no_model' };
    if (model.algorithm.getTrainset().innerUser(userId) >= 0) return { strategy: 'personalized', reason: 'known_user', model };
    if (user.movieIds.length < foldInMinRatings) return { strategy: 'cold_start', reason: 'too_few_ratings' };
    const folded = memoised(user.memo, 'fold-in', model.algorithm, () => foldInUser(model.algorithm, user.movieIds, user.ratings));
    return folded ? { strategy: 'personalized', reason: 'folded_in', model, folded } : { strategy: 'cold_start', reason: 'cannot_fold_in' };
  }

  /** The model's ranking without the seen movies; `allowed` (raw ids) restricts it to a genre list. */
  function rankPersonal(
    p: Extract<Plan, { strategy: 'personalized' }>,
    userId: number,
    user: UserRatings,
    options: RecommendOptions,
    allowed: ReadonlySet<number> | undefined,
  ): Ranked[] {
    const { algorithm } = p.model;
    const trainset = algorithm.getTrainset();
    const seen = options.excludeSeen ? user.seen : undefined;
    const candidates = allowed ? candidatesFor(algorithm, allowed) : undefined;
    // Ask for enough extra to survive dropping the seen movies the ranker does not know of.
    const n = options.topN + (seen?.size ?? 0);
    const rankOptions = { excludeRated: options.excludeSeen, candidates };
    const ranked: Recommendations =
      p.reason === 'known_user'
        ? rankerFor(algorithm).rank(trainset.innerUser(userId), n, rankOptions)
        : rankFoldedIn(algorithm, p.folded, n, { ...rankOptions, scratch: scratchFor(algorithm) });
    const out: Ranked[] = [];
    for (let k = 0; k < ranked.items.length && out.length < options.topN; k++) {
      const movieId = trainset.rawItemIds[ranked.items[k]];
      if (!seen?.has(movieId)) out.push({ movieId, score: ranked.scores[k], estimate: ranked.estimates[k] });
    }
    return out;
  }

  function rankCold(ranking: PopularityRanking, user: UserRatings, options: RecommendOptions, allowed: ReadonlySet<number> | undefined): Ranked[] {
    const { movieIds, scores } = ranking;
    const seen = options.excludeSeen ? user.seen : undefined;
    const out: Ranked[] = [];
    for (let k = 0; k < movieIds.length && out.length < options.topN; k++) {
      const movieId = movieIds[k];
      if (!seen?.has(movieId) && (!allowed || allowed.has(movieId))) out.push({ movieId, score: scores[k] });
    }
    return out;
  }

  return {
    async recommend(userIds, options) {
      const model = models.current();
      const [users, allowed] = await Promise.all([userRatings.get(userIds), options.genres ? catalogue.withAnyGenre(options.genres) : undefined]);
      // Lists without a genre filter are memoised: they depend only on the user's ratings, the
      // options and the model (or the popularity ranking). A personal list is the user's own; a
      // cold-start one is the same for every user with these ratings.
      const remember = <T>(user: UserRatings, key: string, basis: object, compute: () => T) =>
        allowed ? compute() : memoised(user.memo, `${key}|${options.topN}|${options.excludeSeen}`, basis, compute);
      const answers: { userId: number; plan: Plan; user: UserRatings; ranked: Ranked[] }[] = [];
      for (const userId of userIds) {
        const user = users.get(userId)!;
        const p = plan(model, userId, user);
        let ranked: Ranked[];
        if (p.strategy === 'personalized') ranked = remember(user, String(userId), p.model.algorithm, () => rankPersonal(p, userId, user, options, allowed));
        else {
          const ranking = await coldStartRanking.get();
          ranked = remember(user, 'cold', ranking, () => rankCold(ranking, user, options, allowed));
        }
        metrics?.recordPrediction(p.strategy);
        answers.push({ userId, plan: p, user, ranked });
      }
      const movies = await catalogue.lookup(new Set(answers.flatMap((a) => a.ranked.map((r) => r.movieId))));
      return answers.map(({ userId, plan: p, user, ranked }) => ({
        user_id: userId,
        strategy: p.strategy,
        model: model && { name: model.name, version: model.version },
        details: {
          reason: p.reason,
          user_ratings: user.movieIds.length,
          ...(p.strategy === 'personalized' && p.reason === 'folded_in' ? { fold_in_ratings: p.folded.items.length } : {}),
        },
        // Ratings have no foreign key to movies: a ranked id missing from the catalogue is left out.
        recommendations: ranked.flatMap(({ movieId, score, estimate }) => {
          const movie = movies.get(movieId);
          if (!movie) return [];
          const recommendation: Recommendation = { movie_id: movieId, title: movie.title, genres: movie.genres, score };
          if (estimate !== undefined) recommendation.predicted_rating = estimate;
          return [recommendation];
        }),
      }));
    },
  };
}

export default fp(
  async (fastify, opts: { foldInMinRatings: number }) => {
    fastify.decorate(
      'recommender',
      createRecommender({
        models: fastify.models,
        catalogue: fastify.catalogue,
        userRatings: fastify.userRatings,
        coldStartRanking: fastify.coldStartRanking,
        foldInMinRatings: opts.foldInMinRatings,
        metrics: fastify.metrics,
      }),
    );
  },
  { name: 'recommender', dependencies: ['serving-model', 'catalogue', 'user-ratings', 'cold-start-ranking', 'metrics'] },
);
