/**
 * What SVD, SVD++ and NMF share once fitted: biases b_u, b_i and factor matrices p_u, q_i (row-major
 * Float64Arrays, nUsers × k and nItems × k), and Surprise's estimate
 *   r̂_ui = μ + b_u + b_i + q_i·v_u   (biased)   or   q_i·v_u   (unbiased),
 * where v_u is p_u (SVD, NMF) or p_u plus the user's implicit feedback (SVD++). An unknown user or item
 * contributes neither bias nor factors; the unbiased form cannot answer without both.
 */
import { AlgoBase, learnedArray, PredictionImpossible, type Params, type TypedArray } from './algo-base.ts';
import { requireInteger, requireNonNegative } from './algo-params.ts';
import type { Random } from '../random.ts';
import { rankByCosine, type RankedItems } from '../top-n.ts';
import { dot, rowNorms } from '../vectors.ts';

export abstract class FactorModel extends AlgoBase {
  protected abstract readonly nFactors: number;
  protected abstract readonly biased: boolean;
  protected bu: Float64Array = new Float64Array(0);
  protected bi: Float64Array = new Float64Array(0);
  protected pu: Float64Array = new Float64Array(0);
  protected qi: Float64Array = new Float64Array(0);
  /** The vector q_i is dotted with, per user: p_u itself unless a subclass adds to it. */
  protected userVectors: Float64Array = new Float64Array(0);
  /** Norms of the rows of q_i, computed on the first `similarItems` call. */
  private itemNorms: Float64Array | undefined;

  estimate(u: number, i: number): number {
    const knownUser = this.trainset.knowsUser(u);
    const knownItem = this.trainset.knowsItem(i);
    const k = this.nFactors;
    if (this.biased) {
      let est = this.trainset.globalMean;
      if (knownUser) est += this.bu[u];
      if (knownItem) est += this.bi[i];
      if (knownUser && knownItem) est += dot(this.qi, i * k, this.userVectors, u * k, k);
      return est;
    }
    if (knownUser && knownItem) return dot(this.qi, i * k, this.userVectors, u * k, k);
    throw new PredictionImpossible('User and/or item is unknown.');
  }

  /** One pass over q_i, adding in the same order as `estimate` so both give identical numbers. */
  override scoreAll(u: number, out: Float64Array): void {
    const nItems = this.trainset.nItems;
    const { bi, qi } = this;
    const k = this.nFactors;
    if (!this.trainset.knowsUser(u)) {
      const mu = this.trainset.globalMean;
      for (let i = 0; i < nItems; i++) out[i] = this.biased ? mu + bi[i] : Number.NaN;
      return;
    }
    const vu = this.userVectors;
    const uo = u * k;
    if (this.biased) {
      const base = this.trainset.globalMean + this.bu[u];
      for (let i = 0; i < nItems; i++) out[i] = base + bi[i] + dot(qi, i * k, vu, uo, k);
    } else {
      for (let i = 0; i < nItems; i++) out[i] = dot(qi, i * k, vu, uo, k);
    }
  }

  /** The n items whose factors q_j are closest in cosine to q_i ("similar movies"). */
  similarItems(i: number, n: number): RankedItems {
    if (!this.trainset.knowsItem(i)) throw new RangeError(`item ${i} is not an inner item id`);
    this.itemNorms ??= rowNorms(this.qi, this.nFactors);
    return rankByCosine(this.qi, this.itemNorms, this.nFactors, i, n);
  }

  learnedArrays(): Record<string, TypedArray> {
    return { bu: this.bu, bi: this.bi, pu: this.pu, qi: this.qi };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    const { nUsers, nItems } = this.trainset;
    const k = this.nFactors;
    this.bu = learnedArray(arrays, Float64Array, 'bu', nUsers);
    this.bi = learnedArray(arrays, Float64Array, 'bi', nItems);
    this.pu = learnedArray(arrays, Float64Array, 'pu', nUsers * k);
    this.qi = learnedArray(arrays, Float64Array, 'qi', nItems * k);
    this.learned();
  }

  /** Called once the arrays are learned or restored: derives what estimates need beyond them. */
  protected learned(): void {
    this.userVectors = this.pu;
    this.itemNorms = undefined;
  }
}

/** Learning rates and regularization terms default to `lr_all` / `reg_all` unless set one by one. */
export function ratesAndRegs<K extends string>(given: Params, lrAll: number, regAll: number, names: readonly K[]) {
  const lr = typeof given.lr_all === 'number' ? given.lr_all : lrAll;
  const reg = typeof given.reg_all === 'number' ? given.reg_all : regAll;
  const out = { lr_all: lr, reg_all: reg } as Record<'lr_all' | 'reg_all' | `lr_${K}` | `reg_${K}`, number>;
  for (const name of names) {
    out[`lr_${name}`] = lr;
    out[`reg_${name}`] = reg;
  }
  return out;
}

/** Checks what every factor model shares: a positive factor count, an epoch count, a seed, rates ≥ 0. */
export function checkFactorParams(algorithm: string, params: Params): void {
  requireInteger(algorithm, params, 'n_factors', 1);
  requireInteger(algorithm, params, 'n_epochs', 0);
  requireInteger(algorithm, params, 'random_state', 0);
  for (const key of Object.keys(params)) {
    if (key.startsWith('lr_') || key.startsWith('reg_')) requireNonNegative(algorithm, params, key);
  }
}

/** n values drawn from N(mean, std) — Surprise's `rng.normal(init_mean, init_std_dev, (rows, k))`. */
export function normalMatrix(rng: Random, n: number, mean: number, std: number): Float64Array {
  const m = new Float64Array(n);
  for (let x = 0; x < n; x++) m[x] = rng.normal(mean, std);
  return m;
}
