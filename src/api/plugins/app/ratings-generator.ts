/**
 * `POST /generate-ratings`: synthetic ratings (synthetic-ratings.ts) drawn from the real activity
 * and the serving model, written with source `generated` through the ratings service, so they
 * reach the caches and the metrics like any other write. Without a seed one is drawn, and returned,
 * so that any batch can be made again.
 */
import { randomInt } from 'node:crypto';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors.ts';
import type { ModelHolder } from '../../model-holder.ts';
import { generateRatings } from '../../synthetic-ratings.ts';
import type { RatingsRepository } from './ratings-repository.ts';
import type { RatingsService } from './ratings-service.ts';

export interface GenerationRequest {
  batchSize: number;
  drift: number;
  seed?: number;
}

export interface GenerationResult {
  requested: number;
  /** Distinct (user, movie) pairs drawn: a pair drawn twice is written once. */
  generated: number;
  inserted: number;
  updated: number;
  drift: number;
  seed: number;
  /** The model whose predictions the ratings follow; null → the real ratings' distribution. */
  model: { name: string; version: string } | null;
}

export interface RatingsGenerator {
  generate(request: GenerationRequest): Promise<GenerationResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ratingsGenerator: RatingsGenerator;
  }
}

/** The noise when the model's RMSE is not recorded: a typical MovieLens RMSE. */
const DEFAULT_NOISE = 0.9;
export const MAX_SEED = 2 ** 31 - 1;

export function createRatingsGenerator(deps: {
  models: ModelHolder;
  ratings: Pick<RatingsRepository, 'activity'>;
  service: Pick<RatingsService, 'recordGenerated'>;
  now?: () => number;
}): RatingsGenerator {
  return {
    async generate({ batchSize, drift, seed = randomInt(MAX_SEED) }) {
      const model = deps.models.current();
      const activity = await deps.ratings.activity();
      if (activity.users.ids.length === 0 || activity.movies.ids.length === 0) {
        throw new HttpError(409, 'there are no ratings of catalogued movies to imitate yet: import a data set first');
      }
      const rows = generateRatings(activity, {
        count: batchSize,
        drift,
        seed,
        now: (deps.now ?? Date.now)(),
        model: model ? { predict: (u, m) => model.algorithm.predict(u, m).est, rmse: model.rmse ?? DEFAULT_NOISE } : undefined,
      });
      const { inserted, updated } = await deps.service.recordGenerated(rows);
      return { requested: batchSize, generated: rows.length, inserted, updated, drift, seed, model: model && { name: model.name, version: model.version } };
    },
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('ratingsGenerator', createRatingsGenerator({ models: fastify.models, ratings: fastify.ratingsRepository, service: fastify.ratingsService }));
  },
  { name: 'ratings-generator', dependencies: ['serving-model', 'ratings-repository', 'ratings-service'] },
);
