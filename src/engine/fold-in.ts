/**
 * Personal recommendations for a user the model was not trained on, from their ratings alone
 * ("folding in"), so that a new user need not wait for the next training run:
 * - SVD, SVD++, NMF: the user's bias and factors are solved against the fixed item parameters
 *   (fold-in-factors.ts);
 * - item-based k-NN: items are scored from the user's ratings through the item neighbours
 *   (fold-in-neighbours.ts).
 * Other models have nothing per user to learn that would change the ranking (BaselineOnly ranks
 * every user alike) or no cheap way to add one (user-based k-NN, SlopeOne, co-clustering):
 * `foldInUser` returns undefined for them, and the caller keeps its fallback.
 */
import type { AlgoBase } from './prediction-algorithms/algo-base.ts';
import { FactorModel } from './prediction-algorithms/factor-model.ts';
import { KnnBase } from './prediction-algorithms/knn-base.ts';
import { KNNBaseline, KNNBasic, KNNWithMeans, KNNWithZScore } from './prediction-algorithms/knns.ts';
import { foldInFactors, scoreFactorUser } from './fold-in-factors.ts';
import { scoreItemNeighbours } from './fold-in-neighbours.ts';
import { BoundedHeap, type Recommendations, type TopNOptions } from './top-n.ts';

export interface FoldedInUser {
  /** `factors`: solved user factors; `item_neighbours`: scored through item similarities. */
  readonly method: 'factors' | 'item_neighbours';
  /** Inner ids of the rated items the model knows (the ratings the fold-in rests on), in input order. */
  readonly items: Int32Array;
  /** Writes every inner item's unclipped estimate into `out` (NaN where there is none). */
  scoreAll(out: Float64Array): void;
}

/** Can `foldInUser` fold users into this model? */
export function canFoldIn(model: AlgoBase): boolean {
  return model instanceof FactorModel || isItemBasedKnn(model);
}

function isItemBasedKnn(model: AlgoBase): model is KnnBase {
  const known = model instanceof KNNBasic || model instanceof KNNWithMeans || model instanceof KNNWithZScore || model instanceof KNNBaseline;
  return known && (model as KnnBase).params.user_based === false;
}

/**
 * Folds in a user who rated raw items `itemIds` with `ratings`; items the model does not know are
 * skipped. Undefined when the model cannot fold users in or none of the items is known.
 */
export function foldInUser(model: AlgoBase, itemIds: ArrayLike<number>, ratings: ArrayLike<number>): FoldedInUser | undefined {
  if (itemIds.length !== ratings.length) throw new RangeError(`${itemIds.length} items but ${ratings.length} ratings`);
  if (!canFoldIn(model)) return undefined;
  const trainset = model.getTrainset();
  const known: number[] = [];
  const values: number[] = [];
  for (let t = 0; t < itemIds.length; t++) {
    const i = trainset.innerItem(itemIds[t]);
    if (i >= 0) {
      known.push(i);
      values.push(ratings[t]);
    }
  }
  if (known.length === 0) return undefined;
  const items = Int32Array.from(known);
  const rated = Float64Array.from(values);
  if (model instanceof FactorModel) {
    const user = foldInFactors(model, items, rated);
    return { method: 'factors', items, scoreAll: (out) => scoreFactorUser(model, user, out) };
  }
  const scores = scoreItemNeighbours(model as KnnBase, items, rated);
  return { method: 'item_neighbours', items, scoreAll: (out) => out.set(scores) };
}

/**
 * The n best items for a folded-in user, with `TopNRanker.rank`'s options: the items they rated are
 * left out unless `excludeRated` is false, and `candidates` restricts the ranking to those inner ids.
 * `scratch` (nItems long) is reused rather than allocated.
 */
export function rankFoldedIn(
  model: AlgoBase,
  user: FoldedInUser,
  n: number,
  options: TopNOptions & { scratch?: Float64Array } = {},
): Recommendations {
  const trainset = model.getTrainset();
  const scores = options.scratch?.length === trainset.nItems ? options.scratch : new Float64Array(trainset.nItems);
  user.scoreAll(scores);
  if (options.excludeRated ?? true) for (const i of user.items) scores[i] = Number.NaN;
  const heap = new BoundedHeap(n);
  const offer = (i: number) => {
    if (i < 0 || i >= scores.length) throw new RangeError(`candidate ${i} is not an inner item id`);
    const score = scores[i];
    // NaN: no estimate, rated, or already offered (a repeated candidate).
    if (score === score) heap.offer(i, score);
    scores[i] = Number.NaN;
  };
  if (options.candidates) for (const i of options.candidates) offer(i);
  else for (let i = 0; i < scores.length; i++) offer(i);
  const ranked = heap.drain();
  const { min, max } = trainset.ratingScale;
  return { ...ranked, estimates: ranked.scores.map((s) => Math.min(max, Math.max(min, s))) };
}
