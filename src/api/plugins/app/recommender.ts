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
 * the entry, the model or the popularity ranking changes; the answer built from it (titles and
 * genres included) is memoised too, until the catalogue is also read again. Users without ratings
 * share one entry, so every cold-start user is answered by the same object, which the route
 * serialises once. The model is read once per request, so a swap never mixes two models in one
 * answer.
 */
import fp from 'fastify-plugin';
import type { Static } from 'typebox';
import { foldInUser, rankFoldedIn, TopNRanker, type AlgoBase, type FoldedInUser, type Recommendations } from '../../../engine/index.ts';
import type { MarqueeMetrics } from '../../../monitoring/metrics.ts';
import type { ModelHolder, ServingModel } from '../../model-holder.ts';
import type { Prediction, PredictionReason, Recommendation as RecommendationSchema } from '../../schemas/predict.ts';
import type { Catalogue } from './catalogue.ts';
import type { MovieRow } from './movies-repository.ts';
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
/** A prediction but for its user id. */
export type PredictionBody = Omit<UserRecommendations, 'user_id'>;

export interface Answer {
  userId: number;
  /** Shared with other answers when `memoised`: never to be modified. */
  body: PredictionBody;
  /**
   * The body is kept and answers every later request with the same inputs (the user's ratings, the
   * options, the model, the popularity ranking, the catalogue read) while they last: worth
   * serialising once. False for a body built for this request alone (a genre filter).
   */
  memoised: boolean;
}

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
  /** The same answers, each body apart from its user id. */
  answer(userIds: readonly number[], options: RecommendOptions): Promise<Answer[]>;
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

/** Results memoised per user (a list and its answer per option combination): clients choose the options. */
const MAX_MEMO = 32;

type Memo = UserRatings['memo'];

/** The value kept under `key` if it was computed from the same basis (compared item by item). */
function recall<T>(memo: Memo, key: string, basis: readonly unknown[]): T | undefined {
  const hit = memo.get(key);
  if (!hit || hit.basis.length !== basis.length) return undefined;
  for (let k = 0; k < basis.length; k++) if (hit.basis[k] !== basis[k]) return undefined;
  return hit.value as T;
}

function keep<T>(memo: Memo, key: string, basis: readonly unknown[], value: T): T {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, { basis, value });
  return value;
}

function memoised<T>(memo: Memo, key: string, basis: readonly unknown[], compute: () => T): T {
  return recall<T>(memo, key, basis) ?? keep(memo, key, basis, compute());
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
    const folded = memoised(user.memo, 'fold-in', [model.algorithm], () => foldInUser(model.algorithm, user.movieIds, user.ratings));
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

  /** The answer without the user id; a ranked id missing from the catalogue is left out (ratings have no foreign key to movies). */
  function bodyOf(model: ServingModel | null, p: Plan, user: UserRatings, ranked: Ranked[], movies: Map<number, MovieRow>): PredictionBody {
    const recommendations: Recommendation[] = [];
    for (const { movieId, score, estimate } of ranked) {
      const movie = movies.get(movieId);
      if (!movie) continue;
      const recommendation: Recommendation = { movie_id: movieId, title: movie.title, genres: movie.genres, score };
      if (estimate !== undefined) recommendation.predicted_rating = estimate;
      recommendations.push(recommendation);
    }
    return {
      strategy: p.strategy,
      model: model && { name: model.name, version: model.version },
      details: {
        reason: p.reason,
        user_ratings: user.movieIds.length,
        ...(p.strategy === 'personalized' && p.reason === 'folded_in' ? { fold_in_ratings: p.folded.items.length } : {}),
      },
      recommendations,
    };
  }

  async function answer(userIds: readonly number[], options: RecommendOptions): Promise<Answer[]> {
    const model = models.current();
    const [users, allowed, generation] = await Promise.all([
      userRatings.get(userIds),
      options.genres ? catalogue.withAnyGenre(options.genres) : undefined,
      catalogue.generation(),
    ]);
    // Without a genre filter, lists and answers are memoised on the user's ratings entry: a list
    // depends only on the entry, the options and the model (or the popularity ranking), and its
    // answer also on the model's name and the catalogue read. A personal list is the user's own; a
    // cold-start one is the same for every user with these ratings (and plan).
    const memo = !allowed;
    const optionsKey = `${options.topN}|${options.excludeSeen}`;
    const out: Answer[] = new Array(userIds.length);
    const toBuild: { at: number; plan: Plan; user: UserRatings; ranked: Ranked[]; key: string; basis: unknown[] }[] = [];
    let ranking: PopularityRanking | undefined;
    for (let at = 0; at < userIds.length; at++) {
      const userId = userIds[at];
      const user = users.get(userId)!;
      const p = plan(model, userId, user);
      const personal = p.strategy === 'personalized';
      if (!personal) ranking ??= await coldStartRanking.get();
      const listKey = personal ? `${userId}|${optionsKey}` : `cold|${optionsKey}`;
      const listBasis = personal ? [p.model.algorithm] : [ranking];
      const key = `answer|${listKey}|${p.reason}`;
      const basis = [...listBasis, model?.name, model?.version, generation];
      if (memo) {
        const body = recall<PredictionBody>(user.memo, key, basis);
        if (body) {
          out[at] = { userId, body, memoised: true };
          continue;
        }
      }
      const rank = () => (personal ? rankPersonal(p, userId, user, options, allowed) : rankCold(ranking!, user, options, allowed));
      const ranked = memo ? memoised(user.memo, listKey, listBasis, rank) : rank();
      toBuild.push({ at, plan: p, user, ranked, key, basis });
    }
    if (toBuild.length > 0) {
      const movies = await catalogue.lookup(new Set(toBuild.flatMap((b) => b.ranked.map((r) => r.movieId))));
      for (const { at, plan: p, user, ranked, key, basis } of toBuild) {
        const body = bodyOf(model, p, user, ranked, movies);
        out[at] = { userId: userIds[at], body: memo ? keep(user.memo, key, basis, body) : body, memoised: memo };
      }
    }
    for (const { body } of out) metrics?.recordPrediction(body.strategy);
    return out;
  }

  return {
    answer,
    async recommend(userIds, options) {
      return (await answer(userIds, options)).map(({ userId, body }) => ({ user_id: userId, ...body }));
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
