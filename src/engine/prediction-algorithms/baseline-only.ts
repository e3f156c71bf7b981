/**
 * BaselineOnly (Surprise): predicts the baseline estimate r̂_ui = μ + b_u + b_i, where an unknown
 * user or item contributes a zero bias — so it never needs the default prediction.
 */
import type { Trainset } from '../trainset.ts';
import { AlgoBase, learnedArray, type Params, type TypedArray } from './algo-base.ts';
import { resolveParams } from './algo-params.ts';
import { baselineDefaults, baselineOptions, computeBaselines, type BaselineOptions } from './baselines.ts';

export class BaselineOnly extends AlgoBase {
  readonly name = 'BaselineOnly';
  readonly params: ReturnType<typeof baselineDefaults>;
  private readonly options: BaselineOptions;
  private bu: Float64Array = new Float64Array(0);
  private bi: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('BaselineOnly', params, baselineDefaults(params));
    this.options = baselineOptions('BaselineOnly', this.params);
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    ({ bu: this.bu, bi: this.bi } = computeBaselines(trainset, this.options));
    return this;
  }

  estimate(u: number, i: number): number {
    let est = this.trainset.globalMean;
    if (this.trainset.knowsUser(u)) est += this.bu[u];
    if (this.trainset.knowsItem(i)) est += this.bi[i];
    return est;
  }

  /** Adds in `estimate`'s order, so both give identical numbers. */
  override scoreAll(u: number, out: Float64Array): void {
    const known = this.trainset.knowsUser(u);
    const mean = this.trainset.globalMean;
    for (let i = 0; i < this.trainset.nItems; i++) out[i] = (known ? mean + this.bu[u] : mean) + this.bi[i];
  }

  learnedArrays(): Record<string, TypedArray> {
    return { bu: this.bu, bi: this.bi };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    this.bu = learnedArray(arrays, Float64Array, 'bu', this.trainset.nUsers);
    this.bi = learnedArray(arrays, Float64Array, 'bi', this.trainset.nItems);
  }
}
