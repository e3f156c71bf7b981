/**
 * "Similar movies" from a fitted model, where it has a notion of item similarity: factor models by
 * the cosine of their item factors, item-based k-NN by its learned similarities. Other models have
 * none, and say why.
 */
import type { AlgoBase } from './prediction-algorithms/algo-base.ts';
import { FactorModel } from './prediction-algorithms/factor-model.ts';
import { KnnBase } from './prediction-algorithms/knn-base.ts';
import type { RankedItems } from './top-n.ts';

export interface ItemNeighbours {
  method: 'factor_cosine' | 'item_similarity';
  /** The n inner items most similar to inner item i, best first, with their similarities. */
  similar(i: number, n: number): RankedItems;
}

export function itemNeighboursOf(model: AlgoBase): ItemNeighbours | { unavailable: string } {
  if (model instanceof FactorModel) return { method: 'factor_cosine', similar: (i, n) => model.similarItems(i, n) };
  if (model instanceof KnnBase) {
    if (model.params.user_based !== false) return { unavailable: `${model.name} is user-based: it learns similarities between users, not movies` };
    return { method: 'item_similarity', similar: (i, n) => model.similarItems(i, n) };
  }
  return { unavailable: `${model.name} learns no similarity between movies` };
}
