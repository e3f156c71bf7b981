/**
 * NormalPredictor, after Surprise's `random_pred`: a rating drawn from N(μ̂, σ̂²), μ̂ and σ̂ estimated
 * by maximum likelihood from the trainset (σ̂² = Σ (r − μ̂)² / n). The floor every other algorithm
 * must beat.
 *
 * Surprise draws from numpy's global generator at each call. Here the draw for (u, i) comes from a
 * generator seeded by (random_state, u, i): the same distribution over pairs, but `estimate` has no
 * side effect, repeats itself, and answers the same after a model file is loaded.
 */
import { AlgoBase, learnedArray, type Params, type TypedArray } from './algo-base.ts';
import { requireInteger, resolveParams } from './algo-params.ts';
import { Random } from '../random.ts';
import type { Trainset } from '../trainset.ts';

export class NormalPredictor extends AlgoBase {
  readonly name = 'NormalPredictor';
  readonly params: { random_state: number };
  private sigma = 0;

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('NormalPredictor', params, { random_state: 0 });
    requireInteger('NormalPredictor', this.params, 'random_state', 0);
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const mean = trainset.globalMean;
    const ratings = trainset.ur.ratings;
    let sum = 0;
    for (let k = 0; k < ratings.length; k++) sum += (ratings[k] - mean) ** 2;
    this.sigma = Math.sqrt(sum / trainset.nRatings);
    return this;
  }

  /** Works for unknown users and items too (-1), as Surprise's does. */
  estimate(u: number, i: number): number {
    const rng = new Random(pairSeed(this.params.random_state, u, i));
    return rng.normal(this.trainset.globalMean, this.sigma);
  }

  learnedArrays(): Record<string, TypedArray> {
    return { sigma: Float64Array.of(this.sigma) };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    this.sigma = learnedArray(arrays, Float64Array, 'sigma', 1)[0];
  }
}

/** A 32-bit seed mixing the three numbers (murmur3's finalizer after each), so nearby pairs differ. */
function pairSeed(seed: number, u: number, i: number): number {
  let h = fmix32(seed ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(u + 1, 0xcc9e2d51));
  return fmix32(h ^ Math.imul(i + 1, 0x1b873593));
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
