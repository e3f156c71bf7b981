/**
 * "Similar movies" from the serving model's item neighbours (engine/item-neighbours.ts): factor
 * models by the cosine of their item factors, item-based k-NN by its similarities. A model's answer
 * for a movie never changes, so the longest list asked for is kept per model and movie (a bounded
 * number of movies), and shorter lists are cut from it.
 */
import fp from 'fastify-plugin';
import { itemNeighboursOf, type ItemNeighbours } from '../../../engine/index.ts';
import { HttpError, notFound } from '../../errors.ts';
import type { ModelHolder, ServingModel } from '../../model-holder.ts';
import type { Catalogue } from './catalogue.ts';

export interface SimilarMovie {
  movieId: number;
  similarity: number;
}

export interface SimilarMovies {
  /** Throws HttpError: 404 unknown movie, 503 no model, 409 a model without item neighbours. */
  similar(movieId: number, n: number): Promise<{ model: ServingModel; method: ItemNeighbours['method']; similar: SimilarMovie[] }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    similarMovies: SimilarMovies;
  }
}

const MAX_MOVIES_PER_MODEL = 10_000;

export function createSimilarMovies(models: ModelHolder, catalogue: Pick<Catalogue, 'lookup'>): SimilarMovies {
  const perModel = new WeakMap<ServingModel, { neighbours: ReturnType<typeof itemNeighboursOf>; lists: Map<number, { asked: number; list: SimilarMovie[] }> }>();

  return {
    async similar(movieId, n) {
      const model = models.current();
      if (!(await catalogue.lookup([movieId])).has(movieId)) throw notFound(`movie ${movieId} does not exist`);
      if (!model) throw new HttpError(503, 'no model is loaded yet: similar movies come from the serving model');
      let state = perModel.get(model);
      if (!state) perModel.set(model, (state = { neighbours: itemNeighboursOf(model.algorithm), lists: new Map() }));
      const { neighbours, lists } = state;
      if ('unavailable' in neighbours) throw new HttpError(409, `${model.name} v${model.version} cannot tell similar movies: ${neighbours.unavailable}`);
      const trainset = model.algorithm.getTrainset();
      const inner = trainset.innerItem(movieId);
      if (inner < 0) throw notFound(`movie ${movieId} has no ratings in the data ${model.name} v${model.version} was trained on`);
      let kept = lists.get(movieId);
      if (!kept || kept.asked < n) {
        const ranked = neighbours.similar(inner, n);
        kept = { asked: n, list: Array.from(ranked.items, (i, k) => ({ movieId: trainset.rawItemIds[i], similarity: ranked.scores[k] })) };
        if (lists.size >= MAX_MOVIES_PER_MODEL) lists.clear();
        lists.set(movieId, kept);
      }
      return { model, method: neighbours.method, similar: kept.list.slice(0, n) };
    },
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('similarMovies', createSimilarMovies(fastify.models, fastify.catalogue));
  },
  { name: 'similar-movies', dependencies: ['serving-model', 'catalogue'] },
);
