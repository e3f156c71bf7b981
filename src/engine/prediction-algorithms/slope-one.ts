/**
 * SlopeOne (Lemire & Maclachlan 2005), as Surprise's `SlopeOne`:
 *   r̂_ui = μ_u + (1 / |R_i(u)|) Σ_{j ∈ R_i(u)} dev(i, j),   dev(i, j) = mean over U_ij of (r_ui − r_uj),
 * where R_i(u) are the items u rated that share at least one user with i (i itself included, with
 * dev 0, when u rated it). With no such item the estimate is μ_u.
 *
 * Surprise keeps dev and freq as dense n_items² matrices (1.1 GB for ml-latest-small); here dev is a
 * `PairMatrix` of the co-rated pairs only, whose presence stands for freq > 0. One difference:
 * Surprise 1.1.4 reads the ratings into C ints while computing dev, truncating half stars (3.5 → 3);
 * here ratings stay as they are. MovieLens 100k has whole stars only, so it is unaffected.
 */
import type { Trainset } from '../trainset.ts';
import { AlgoBase, learnedArray, PredictionImpossible, rowMeans, type Params, type TypedArray } from './algo-base.ts';
import { resolveParams } from './algo-params.ts';
import { PairMatrix, PairReader } from './pair-matrix.ts';
import { computePairs } from './similarities.ts';

export class SlopeOne extends AlgoBase {
  readonly name = 'SlopeOne';
  readonly params: Record<string, never>;
  private dev = new PairMatrix(0, new Int32Array(1), new Uint16Array(0), new Float32Array(0));
  /** dev(i, ·) read densely: NaN where i and j share no user, 0 on the diagonal. */
  private reader = new PairReader(this.dev, 0, Number.NaN);
  private userMean: Float64Array = new Float64Array(0);
  private sums: Float64Array = new Float64Array(0);
  private counts: Int32Array = new Int32Array(0);

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('SlopeOne', params, {});
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    this.setDeviations(computePairs(trainset.ir, trainset.nUsers, 'mean_difference', 1));
    this.userMean = rowMeans(trainset.ur);
    return this;
  }

  estimate(u: number, i: number): number {
    if (!(this.trainset.knowsUser(u) && this.trainset.knowsItem(i))) {
      throw new PredictionImpossible('User and/or item is unknown.');
    }
    const { offsets, index } = this.trainset.ur;
    const start = offsets[u];
    const end = offsets[u + 1];
    const devs = this.reader.gather(i, index, start, end);
    let sum = 0;
    let relevant = 0;
    for (let t = 0; t < end - start; t++) {
      const dev = devs[t];
      if (dev === dev) {
        sum += dev;
        relevant++;
      }
    }
    return this.userMean[u] + (relevant > 0 ? sum / relevant : 0);
  }

  /**
   * Every item's estimate in one pass over the rows of the items u rated (dev(i, j) = −dev(j, i)),
   * adding in `estimate`'s order, so both give identical numbers.
   */
  override scoreAll(u: number, out: Float64Array): void {
    if (!this.trainset.knowsUser(u)) {
      out.fill(Number.NaN, 0, this.trainset.nItems);
      return;
    }
    const nItems = this.trainset.nItems;
    if (this.sums.length !== nItems) {
      this.sums = new Float64Array(nItems);
      this.counts = new Int32Array(nItems);
    }
    const { sums, counts } = this;
    const ur = this.trainset.ur;
    const { offsets, index, values } = this.dev;
    for (let p = ur.offsets[u]; p < ur.offsets[u + 1]; p++) {
      const j = ur.index[p];
      counts[j]++; // j itself, with dev(j, j) = 0
      for (let q = offsets[j]; q < offsets[j + 1]; q++) {
        const i = index[q];
        sums[i] += -values[q];
        counts[i]++;
      }
    }
    for (let i = 0; i < nItems; i++) {
      out[i] = this.userMean[u] + (counts[i] > 0 ? sums[i] / counts[i] : 0);
      sums[i] = 0;
      counts[i] = 0;
    }
  }

  learnedArrays(): Record<string, TypedArray> {
    return { ...this.dev.toArrays('dev'), userMean: this.userMean };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    this.setDeviations(PairMatrix.fromArrays(arrays, 'dev', this.trainset.nItems));
    this.userMean = learnedArray(arrays, Float64Array, 'userMean', this.trainset.nUsers);
  }

  private setDeviations(dev: PairMatrix): void {
    this.dev = dev;
    this.reader = new PairReader(dev, 0, Number.NaN);
  }
}
