/**
 * Surprise's k-NN algorithms (defaults: k 40, min_k 1, msd similarity, user-based). Over the k
 * neighbours N with a positive similarity to x among those who rated y (see knn-base.ts):
 *   KNNBasic       r̂ = Σ sim·r / Σ sim                                  (impossible without neighbours)
 *   KNNWithMeans   r̂ = μ_x + Σ sim·(r − μ_x') / Σ sim
 *   KNNWithZScore  r̂ = μ_x + σ_x · Σ sim·(r − μ_x')/σ_x' / Σ sim
 *   KNNBaseline    r̂ = b_xy + Σ sim·(r − b_x'y) / Σ sim,  b_xy = μ + b_x + b_y
 * The last three fall back to their first term when fewer than min_k neighbours remain.
 */
import type { TypedArray } from './algo-base.ts';
import { learnedArray, PredictionImpossible, rowMeans, type Params } from './algo-base.ts';
import type { Baselines } from './baselines.ts';
import { KnnBase } from './knn-base.ts';

const UNKNOWN = 'User and/or item is unknown.';

export class KNNBasic extends KnnBase {
  readonly name = 'KNNBasic';

  constructor(params: Params = {}) {
    super('KNNBasic', params);
  }

  protected learn(): void {}

  protected deviation(_x2: number, _y: number, r: number): number {
    return r;
  }

  protected combine(_x: number, _y: number, sum: number, sumSim: number, actualK: number): number {
    return actualK < this.minK || actualK === 0 ? Number.NaN : sum / sumSim;
  }

  protected unknownEstimate(): number {
    throw new PredictionImpossible(UNKNOWN);
  }

  protected statisticArrays(): Record<string, TypedArray> {
    return {};
  }

  protected restoreStatistics(): void {}
}

export class KNNWithMeans extends KnnBase {
  readonly name = 'KNNWithMeans';
  private mean: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super('KNNWithMeans', params);
  }

  protected learn(): void {
    this.mean = rowMeans(this.xr());
  }

  protected deviation(x2: number, _y: number, r: number): number {
    return r - this.mean[x2];
  }

  protected combine(x: number, _y: number, sum: number, sumSim: number, actualK: number): number {
    return this.mean[x] + (actualK < this.minK || sumSim === 0 ? 0 : sum / sumSim);
  }

  protected unknownEstimate(): number {
    throw new PredictionImpossible(UNKNOWN);
  }

  protected statisticArrays(): Record<string, TypedArray> {
    return { means: this.mean };
  }

  protected restoreStatistics(arrays: Record<string, TypedArray>): void {
    this.mean = learnedArray(arrays, Float64Array, 'means', this.nX);
  }
}

export class KNNWithZScore extends KnnBase {
  readonly name = 'KNNWithZScore';
  private mean: Float64Array = new Float64Array(0);
  private sigma: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super('KNNWithZScore', params);
  }

  /** Population standard deviations; a constant x takes the deviation of all ratings instead of 0. */
  protected learn(): void {
    this.mean = rowMeans(this.xr());
    const xr = this.xr();
    const all = this.trainset.ur.ratings;
    const overall = std(all, 0, all.length, this.trainset.globalMean);
    this.sigma = new Float64Array(this.nX);
    for (let x = 0; x < this.nX; x++) {
      const s = std(xr.ratings, xr.offsets[x], xr.offsets[x + 1], this.mean[x]);
      this.sigma[x] = s === 0 ? overall : s;
    }
  }

  protected deviation(x2: number, _y: number, r: number): number {
    return (r - this.mean[x2]) / this.sigma[x2];
  }

  protected combine(x: number, _y: number, sum: number, sumSim: number, actualK: number): number {
    return this.mean[x] + (actualK < this.minK || sumSim === 0 ? 0 : (sum / sumSim) * this.sigma[x]);
  }

  protected unknownEstimate(): number {
    throw new PredictionImpossible(UNKNOWN);
  }

  protected statisticArrays(): Record<string, TypedArray> {
    return { means: this.mean, sigmas: this.sigma };
  }

  protected restoreStatistics(arrays: Record<string, TypedArray>): void {
    this.mean = learnedArray(arrays, Float64Array, 'means', this.nX);
    this.sigma = learnedArray(arrays, Float64Array, 'sigmas', this.nX);
  }
}

/** Koren (2010), formula 3; best with the pearson_baseline similarity. */
export class KNNBaseline extends KnnBase {
  readonly name = 'KNNBaseline';
  private bu: Float64Array = new Float64Array(0);
  private bi: Float64Array = new Float64Array(0);
  /** bu and bi switched to x and y. */
  private bx: Float64Array = new Float64Array(0);
  private by: Float64Array = new Float64Array(0);

  constructor(params: Params = {}) {
    super('KNNBaseline', params);
  }

  protected override get usesBaselines(): boolean {
    return true;
  }

  protected learn(baselines: Baselines | undefined): void {
    if (!baselines) throw new Error('KNNBaseline learns with baselines');
    this.setBaselines(baselines.bu, baselines.bi);
  }

  protected deviation(x2: number, y: number, r: number): number {
    return r - (this.trainset.globalMean + this.bx[x2] + this.by[y]);
  }

  protected combine(x: number, y: number, sum: number, sumSim: number, actualK: number): number {
    const baseline = this.trainset.globalMean + this.bx[x] + this.by[y];
    return baseline + (actualK < this.minK || sumSim === 0 ? 0 : sum / sumSim);
  }

  /** The baseline, with a zero bias for whichever of the two is unknown. */
  protected unknownEstimate(u: number, i: number): number {
    let est = this.trainset.globalMean;
    if (this.trainset.knowsUser(u)) est += this.bu[u];
    if (this.trainset.knowsItem(i)) est += this.bi[i];
    return est;
  }

  protected statisticArrays(): Record<string, TypedArray> {
    return { bu: this.bu, bi: this.bi };
  }

  protected restoreStatistics(arrays: Record<string, TypedArray>): void {
    this.setBaselines(
      learnedArray(arrays, Float64Array, 'bu', this.trainset.nUsers),
      learnedArray(arrays, Float64Array, 'bi', this.trainset.nItems),
    );
  }

  private setBaselines(bu: Float64Array, bi: Float64Array): void {
    this.bu = bu;
    this.bi = bi;
    [this.bx, this.by] = this.simOptions.userBased ? [bu, bi] : [bi, bu];
  }
}

/** Population standard deviation of values[start .. end) around `mean` (numpy's `np.std`). */
function std(values: Float32Array, start: number, end: number, mean: number): number {
  let sum = 0;
  for (let p = start; p < end; p++) sum += (values[p] - mean) ** 2;
  return Math.sqrt(sum / (end - start));
}
