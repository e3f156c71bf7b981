/**
 * Popularity: our cold-start model (not in Surprise), for users we know nothing about. Each item is
 * scored by its Bayesian average rating
 *   s_i = (C·μ + Σ_u r_ui) / (C + n_i),
 * the mean pulled towards the global mean μ by C = `prior_weight` phantom ratings, so that a film rated
 * 5 once does not outrank one rated 4.5 by hundreds. Items with fewer than `min_count` ratings get no
 * score at all. As a predictor it ignores the user: estimate(u, i) = s_i.
 */
import { AlgoBase, learnedArray, PredictionImpossible, type Params, type TypedArray } from './algo-base.ts';
import { requireInteger, requireNonNegative, resolveParams } from './algo-params.ts';
import type { Trainset } from '../trainset.ts';

export class Popularity extends AlgoBase {
  readonly name = 'Popularity';
  readonly params: { prior_weight: number; min_count: number };
  /** s_i per inner item; NaN for an item under `min_count`. */
  private scores: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('Popularity', params, { prior_weight: 10, min_count: 1 });
    requireNonNegative('Popularity', this.params, 'prior_weight');
    requireInteger('Popularity', this.params, 'min_count', 1);
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const { prior_weight: c, min_count: minCount } = this.params;
    const prior = c * trainset.globalMean;
    const { offsets, ratings } = trainset.ir;
    this.scores = new Float64Array(trainset.nItems);
    for (let i = 0; i < trainset.nItems; i++) {
      const n = offsets[i + 1] - offsets[i];
      let sum = 0;
      for (let at = offsets[i]; at < offsets[i + 1]; at++) sum += ratings[at];
      this.scores[i] = n < minCount ? Number.NaN : (prior + sum) / (c + n);
    }
    return this;
  }

  estimate(_u: number, i: number): number {
    if (!this.trainset.knowsItem(i)) throw new PredictionImpossible('Item is unknown.');
    const score = this.scores[i];
    if (Number.isNaN(score)) {
      throw new PredictionImpossible(`Item has fewer than min_count = ${this.params.min_count} ratings.`);
    }
    return score;
  }

  /** The same list for every user: the precomputed scores. */
  override scoreAll(_u: number, out: Float64Array): void {
    out.set(this.scores);
  }

  learnedArrays(): Record<string, TypedArray> {
    return { scores: this.scores };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    this.scores = learnedArray(arrays, Float64Array, 'scores', this.trainset.nItems);
  }
}
