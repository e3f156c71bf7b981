/**
 * CoClustering (George & Merugu 2005), as Surprise's `CoClustering`: users and items get clusters
 * C_u, C_i, and
 *   r̂_ui = avg(C_ui) + (μ_u − avg(C_u)) + (μ_i − avg(C_i)),
 * where C_ui is the co-cluster of u's and i's clusters. Clusters start at random; each epoch recomputes
 * the cluster averages, moves every user to the cluster minimising the squared error of its ratings,
 * then every item likewise (seeing the users' new clusters, with the averages of the epoch's start).
 * A last computation of the averages follows the last epoch. An empty cluster averages to μ.
 *
 * Defaults as Surprise's: 3 user and 3 item clusters, 20 epochs; `random_state` defaults to 0 here
 * (Surprise draws a fresh seed), and our generator is not numpy's, so the clusters differ from
 * Surprise's for the same seed. An unknown user or item gets the global mean, as in Surprise 1.1.4
 * (not an impossible prediction).
 */
import type { Trainset } from '../trainset.ts';
import { AlgoBase, learnedArray, rowMeans, type Params, type TypedArray } from './algo-base.ts';
import { requireInteger, resolveParams } from './algo-params.ts';
import { Random } from '../random.ts';

function coClusteringDefaults() {
  return { n_cltr_u: 3, n_cltr_i: 3, n_epochs: 20, random_state: 0 };
}

interface ClusterAverages {
  user: Float64Array;
  item: Float64Array;
  /** Row-major n_cltr_u × n_cltr_i. */
  co: Float64Array;
}

export class CoClustering extends AlgoBase {
  readonly name = 'CoClustering';
  readonly params: ReturnType<typeof coClusteringDefaults>;
  private cltrU: Int32Array = new Int32Array(0);
  private cltrI: Int32Array = new Int32Array(0);
  private userMean: Float64Array = new Float64Array(0);
  private itemMean: Float64Array = new Float64Array(0);
  private avg: ClusterAverages = { user: new Float64Array(0), item: new Float64Array(0), co: new Float64Array(0) };

  constructor(params: Params = {}) {
    super();
    this.params = resolveParams('CoClustering', params, coClusteringDefaults());
    requireInteger('CoClustering', this.params, 'n_cltr_u', 1);
    requireInteger('CoClustering', this.params, 'n_cltr_i', 1);
    requireInteger('CoClustering', this.params, 'n_epochs', 0);
    requireInteger('CoClustering', this.params, 'random_state', 0);
  }

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    const { n_cltr_u: nU, n_cltr_i: nI, n_epochs: nEpochs } = this.params;
    const rng = new Random(this.params.random_state);
    const cltrU = new Int32Array(trainset.nUsers);
    const cltrI = new Int32Array(trainset.nItems);
    for (let u = 0; u < cltrU.length; u++) cltrU[u] = rng.int(nU);
    for (let i = 0; i < cltrI.length; i++) cltrI[i] = rng.int(nI);
    const userMean = rowMeans(trainset.ur);
    const itemMean = rowMeans(trainset.ir);
    const errors = new Float64Array(Math.max(nU, nI));
    const { ur, ir } = trainset;
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      const { user: avgU, item: avgI, co } = this.averages(cltrU, cltrI);
      // Users: the cluster uc minimising Σ_i (r − (co[uc, ic] + μ_u − avgU[uc] + μ_i − avgI[ic]))².
      for (let u = 0; u < cltrU.length; u++) {
        errors.fill(0, 0, nU);
        for (let p = ur.offsets[u]; p < ur.offsets[u + 1]; p++) {
          const i = ur.index[p];
          const ic = cltrI[i];
          const rest = ur.ratings[p] - userMean[u] - itemMean[i] + avgI[ic];
          for (let uc = 0; uc < nU; uc++) {
            const err = rest - co[uc * nI + ic] + avgU[uc];
            errors[uc] += err * err;
          }
        }
        cltrU[u] = argmin(errors, nU);
      }
      // Items likewise, with the users' new clusters.
      for (let i = 0; i < cltrI.length; i++) {
        errors.fill(0, 0, nI);
        for (let p = ir.offsets[i]; p < ir.offsets[i + 1]; p++) {
          const u = ir.index[p];
          const uc = cltrU[u];
          const rest = ir.ratings[p] - userMean[u] - itemMean[i] + avgU[uc];
          for (let ic = 0; ic < nI; ic++) {
            const err = rest - co[uc * nI + ic] + avgI[ic];
            errors[ic] += err * err;
          }
        }
        cltrI[i] = argmin(errors, nI);
      }
    }
    this.cltrU = cltrU;
    this.cltrI = cltrI;
    this.userMean = userMean;
    this.itemMean = itemMean;
    this.avg = this.averages(cltrU, cltrI);
    return this;
  }

  estimate(u: number, i: number): number {
    if (!(this.trainset.knowsUser(u) && this.trainset.knowsItem(i))) return this.trainset.globalMean;
    const uc = this.cltrU[u];
    const ic = this.cltrI[i];
    const { user, item, co } = this.avg;
    return co[uc * this.params.n_cltr_i + ic] + this.userMean[u] - user[uc] + this.itemMean[i] - item[ic];
  }

  learnedArrays(): Record<string, TypedArray> {
    return {
      cltrU: this.cltrU,
      cltrI: this.cltrI,
      userMean: this.userMean,
      itemMean: this.itemMean,
      avgCltrU: this.avg.user,
      avgCltrI: this.avg.item,
      avgCocltr: this.avg.co,
    };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    const { nUsers, nItems } = this.trainset;
    const { n_cltr_u: nU, n_cltr_i: nI } = this.params;
    this.cltrU = learnedArray(arrays, Int32Array, 'cltrU', nUsers);
    this.cltrI = learnedArray(arrays, Int32Array, 'cltrI', nItems);
    this.userMean = learnedArray(arrays, Float64Array, 'userMean', nUsers);
    this.itemMean = learnedArray(arrays, Float64Array, 'itemMean', nItems);
    this.avg = {
      user: learnedArray(arrays, Float64Array, 'avgCltrU', nU),
      item: learnedArray(arrays, Float64Array, 'avgCltrI', nI),
      co: learnedArray(arrays, Float64Array, 'avgCocltr', nU * nI),
    };
    for (const [name, clusters, n] of [['cltrU', this.cltrU, nU], ['cltrI', this.cltrI, nI]] as const) {
      if (clusters.some((c) => c < 0 || c >= n)) throw new Error(`learned array "${name}" has a cluster outside 0..${n - 1}`);
    }
  }

  /** Average rating of every user cluster, item cluster and co-cluster (μ when empty). */
  private averages(cltrU: Int32Array, cltrI: Int32Array): ClusterAverages {
    const { n_cltr_u: nU, n_cltr_i: nI } = this.params;
    const sum = { user: new Float64Array(nU), item: new Float64Array(nI), co: new Float64Array(nU * nI) };
    const count = { user: new Int32Array(nU), item: new Int32Array(nI), co: new Int32Array(nU * nI) };
    const { offsets, index, ratings } = this.trainset.ur;
    for (let u = 0; u < cltrU.length; u++) {
      const uc = cltrU[u];
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const ic = cltrI[index[p]];
        const r = ratings[p];
        sum.user[uc] += r;
        sum.item[ic] += r;
        sum.co[uc * nI + ic] += r;
        count.user[uc]++;
        count.item[ic]++;
        count.co[uc * nI + ic]++;
      }
    }
    const mean = this.trainset.globalMean;
    const average = (s: Float64Array, c: Int32Array) => s.map((v, k) => (c[k] > 0 ? v / c[k] : mean));
    return { user: average(sum.user, count.user), item: average(sum.item, count.item), co: average(sum.co, count.co) };
  }
}

/** Index of the smallest of values[0 .. n); the first one on ties, as numpy's argmin. */
function argmin(values: Float64Array, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (values[k] < values[best]) best = k;
  return best;
}
