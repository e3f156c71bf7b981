/**
 * The contract every algorithm keeps, after Surprise's `AlgoBase`:
 * - `fit(trainset)` builds the model's state and returns the algorithm;
 * - `estimate(u, i)` works on inner ids, has no side effects, and throws `PredictionImpossible`
 *   with a reason when it cannot answer;
 * - only `predict` maps raw ids, falls back to the default prediction (the global mean), clips to the
 *   rating scale and records `wasImpossible` in the prediction's details.
 */
import type { Csr, Trainset } from '../trainset.ts';

export class PredictionImpossible extends Error {
  override name = 'PredictionImpossible';
}

/** What `estimate` may return besides a bare number: the estimate plus algorithm-specific details. */
export interface Estimate {
  est: number;
  details: Record<string, number | string | boolean>;
}

export interface PredictionDetails {
  wasImpossible: boolean;
  reason?: string;
  [key: string]: number | string | boolean | undefined;
}

export interface Prediction {
  /** Raw user id. */
  uid: number;
  /** Raw item id. */
  iid: number;
  /** The true rating when known (test sets), else NaN. */
  rUi: number;
  est: number;
  details: PredictionDetails;
}

export type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** Hyperparameters as Surprise names them (`n_factors`, `k`, `sim`, `user_based`, ...). */
export type Params = Record<string, number | string | boolean>;

export abstract class AlgoBase {
  /** Surprise's class name: `SVD`, `KNNBaseline`, ... */
  abstract readonly name: string;
  abstract readonly params: Params;
  protected trainset!: Trainset;

  /** The learned state, as typed arrays, that model files save (the trainset is saved apart). */
  abstract learnedArrays(): Record<string, TypedArray>;

  /** Puts back what `learnedArrays` returned: the algorithm then predicts exactly as after `fit`. */
  protected abstract restoreArrays(arrays: Record<string, TypedArray>): void;

  restore(trainset: Trainset, arrays: Record<string, TypedArray>): this {
    this.trainset = trainset;
    this.restoreArrays(arrays);
    return this;
  }

  getTrainset(): Trainset {
    return this.trainset;
  }

  /**
   * Writes an unclipped estimate for every inner item into `out` (NaN where impossible), for top-N.
   * This default asks `estimate` item by item; algorithms with a faster closed form override it.
   */
  scoreAll(u: number, out: Float64Array): void {
    for (let i = 0; i < this.trainset.nItems; i++) out[i] = this.scoreOne(u, i);
  }

  /** Item i's unclipped estimate as `scoreAll` writes it: NaN where the prediction is impossible. */
  scoreOne(u: number, i: number): number {
    try {
      const e = this.estimate(u, i);
      return typeof e === 'number' ? e : e.est;
    } catch (error) {
      if (!(error instanceof PredictionImpossible)) throw error;
      return Number.NaN;
    }
  }

  /**
   * A faster, approximate `scoreAll` for top-N: out[i] within ±errors[i] of the score `scoreAll`
   * gives (NaN where that is NaN), and true; top-N then re-scores exactly, with `scoreOne`, the few
   * items that can reach the top. The default, and any algorithm without such a shortcut, returns
   * false and writes nothing.
   */
  scoreAllBounded(_u: number, _out: Float64Array, _errors: Float64Array): boolean {
    return false;
  }

  fit(trainset: Trainset): this {
    this.trainset = trainset;
    return this;
  }

  /** Estimate for inner ids `u`, `i`; -1 stands for an id the trainset does not know. */
  abstract estimate(u: number, i: number): number | Estimate;

  /** What `predict` answers when `estimate` cannot: Surprise's global mean. */
  defaultPrediction(): number {
    return this.trainset.globalMean;
  }

  /**
   * `predict(uid, iid).est`, clipped, without building the prediction and its details: the hot path of
   * testing a fold (tens of thousands of calls), where only the number is kept.
   */
  predictEstimate(rawUserId: number, rawItemId: number): number {
    let est: number;
    try {
      const out = this.estimate(this.trainset.innerUser(rawUserId), this.trainset.innerItem(rawItemId));
      est = typeof out === 'number' ? out : out.est;
    } catch (error) {
      if (!(error instanceof PredictionImpossible)) throw error;
      est = this.defaultPrediction();
    }
    const { min, max } = this.trainset.ratingScale;
    return Math.min(max, Math.max(min, est));
  }

  predict(rawUserId: number, rawItemId: number, rUi = Number.NaN, clip = true): Prediction {
    const u = this.trainset.innerUser(rawUserId);
    const i = this.trainset.innerItem(rawItemId);
    const details: PredictionDetails = { wasImpossible: false };
    let est: number;
    try {
      const out = this.estimate(u, i);
      if (typeof out === 'number') est = out;
      else {
        est = out.est;
        Object.assign(details, out.details);
      }
    } catch (error) {
      if (!(error instanceof PredictionImpossible)) throw error;
      est = this.defaultPrediction();
      details.wasImpossible = true;
      details.reason = error.message;
    }
    if (clip) {
      const { min, max } = this.trainset.ratingScale;
      est = Math.min(max, Math.max(min, est));
    }
    return { uid: rawUserId, iid: rawItemId, rUi, est, details };
  }
}

/**
 * `arrays[name]` from a model file, checked to have the given type and length, so that `restoreArrays`
 * rejects a file that does not match the algorithm and trainset instead of predicting garbage.
 */
export function learnedArray<T extends TypedArray>(
  arrays: Record<string, TypedArray>,
  type: new (length: number) => T,
  name: string,
  length: number,
): T {
  const array = arrays[name];
  if (!(array instanceof type)) throw new Error(`learned array "${name}" is missing or not a ${type.name}`);
  if (array.length !== length) {
    throw new Error(`learned array "${name}" has ${array.length} values, expected ${length}`);
  }
  return array;
}

/** The mean rating of each row of a CSR view (per user of `ur`, per item of `ir`); NaN for an empty row. */
export function rowMeans(csr: Csr): Float64Array {
  const { offsets, ratings } = csr;
  const means = new Float64Array(offsets.length - 1);
  for (let x = 0; x < means.length; x++) {
    let sum = 0;
    for (let p = offsets[x]; p < offsets[x + 1]; p++) sum += ratings[p];
    means[x] = sum / (offsets[x + 1] - offsets[x]);
  }
  return means;
}
