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
import type { Trainset } from '../trainset.ts';
import { dot, rowNorms } from '../vectors.ts';
import { BoundedItemScorer } from '../wasm/bounded-item-scorer.ts';
import { ItemScorer } from '../wasm/item-scorer.ts';
import type { SgdArrays } from '../wasm/svd-epochs.ts';

export abstract class FactorModel extends AlgoBase {
  protected abstract readonly nFactors: number;
  protected abstract readonly biased: boolean;
  protected bu: Float64Array = new Float64Array(0);
  protected bi: Float64Array = new Float64Array(0);
  protected pu: Float64Array = new Float64Array(0);
  protected qi: Float64Array = new Float64Array(0);
  /** The vector q_i is dotted with, per user: p_u itself unless a subclass adds to it. */
  protected userVectors: Float64Array = new Float64Array(0);
  /** Norms of the rows of q_i, computed on first use (similar items, bounded scoring). */
  private itemNorms: Float64Array | undefined;
  /** q_i·q_j for one item i against every j, reused by each `similarItems` call. */
  private itemDots = new Float64Array(0);
  /** The scoring kernels over q_i, built on first use; null where they cannot run. */
  private scorer: ItemScorer | null | undefined;
  private boundedScorer: BoundedItemScorer | null | undefined;

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

  /** Every item's unclipped estimate for inner user `u` (NaN where the unbiased form cannot answer). */
  override scoreAll(u: number, out: Float64Array): void {
    if (this.trainset.knowsUser(u)) {
      this.scoreVector(this.userVectors, u * this.nFactors, this.trainset.globalMean + this.bu[u], out);
      return;
    }
    const nItems = this.trainset.nItems;
    const mu = this.trainset.globalMean;
    for (let i = 0; i < nItems; i++) out[i] = this.biased ? mu + this.bi[i] : Number.NaN;
  }

  /** Scores from float32 item factors within a proven bound (wasm/bounded-item-scorer.ts). */
  override scoreAllBounded(u: number, out: Float64Array, errors: Float64Array): boolean {
    if (!this.trainset.knowsUser(u)) return false;
    if (this.boundedScorer === undefined) this.boundedScorer = BoundedItemScorer.create(this.qi, this.bi, this.norms(), this.nFactors) ?? null;
    if (!this.boundedScorer) return false;
    const base = this.trainset.globalMean + this.bu[u];
    return this.boundedScorer.score(this.userVectors, u * this.nFactors, base, this.biased, out, errors);
  }

  /**
   * out[i] = base + b_i + q_i·v (biased) or q_i·v for every item, v being vector[offset .. offset + k):
   * the scores of a known user (base = μ + b_u) or of a folded-in one. The same additions in the same
   * order as `estimate`, so both give identical numbers — on the WebAssembly kernel where it runs.
   */
  scoreVector(vector: Float64Array, offset: number, base: number, out: Float64Array): void {
    const scorer = this.itemScorer();
    if (scorer) {
      scorer.score(vector, offset, base, this.biased, out);
      return;
    }
    const { bi, qi } = this;
    const k = this.nFactors;
    const nItems = this.trainset.nItems;
    if (this.biased) {
      for (let i = 0; i < nItems; i++) out[i] = base + bi[i] + dot(qi, i * k, vector, offset, k);
    } else {
      for (let i = 0; i < nItems; i++) out[i] = dot(qi, i * k, vector, offset, k);
    }
  }

  /** The n items whose factors q_j are closest in cosine to q_i ("similar movies"). */
  similarItems(i: number, n: number): RankedItems {
    if (!this.trainset.knowsItem(i)) throw new RangeError(`item ${i} is not an inner item id`);
    const scorer = this.itemScorer();
    const { qi } = this;
    const k = this.nFactors;
    if (this.itemDots.length !== this.trainset.nItems) this.itemDots = new Float64Array(this.trainset.nItems);
    const dots = this.itemDots;
    // q_j·q_i on the kernel multiplies q_jf·q_if where `dot` multiplies q_if·q_jf: the same products.
    if (scorer) scorer.score(qi, i * k, 0, false, dots);
    else for (let j = 0; j < dots.length; j++) dots[j] = dot(qi, i * k, qi, j * k, k);
    return rankByCosine(dots, this.norms(), i, n);
  }

  private norms(): Float64Array {
    this.itemNorms ??= rowNorms(this.qi, this.nFactors);
    return this.itemNorms;
  }

  /** The scoring kernel over q_i, built on first use; undefined where it cannot run. */
  private itemScorer(): ItemScorer | undefined {
    if (this.scorer === undefined) {
      this.scorer = ItemScorer.create(this.qi, this.bi, this.nFactors) ?? null;
      // From now on q_i is read from the kernel's copy (the same numbers): one copy stays in memory.
      if (this.scorer) this.qi = this.scorer.factors;
    }
    return this.scorer ?? undefined;
  }

  learnedArrays(): Record<string, TypedArray> {
    return { bu: this.bu, bi: this.bi, pu: this.pu, qi: this.qi };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    const { nUsers, nItems } = this.trainset;
    const k = this.nFactors;
    this.takeLearned({
      bu: learnedArray(arrays, Float64Array, 'bu', nUsers),
      bi: learnedArray(arrays, Float64Array, 'bi', nItems),
      pu: learnedArray(arrays, Float64Array, 'pu', nUsers * k),
      qi: learnedArray(arrays, Float64Array, 'qi', nItems * k),
    });
  }

  /** Makes the biases and factors a fit learned (or a file held) the model's. */
  protected takeLearned({ bu, bi, pu, qi }: SgdArrays): this {
    this.bu = bu;
    this.bi = bi;
    this.pu = pu;
    this.qi = qi;
    this.learned();
    return this;
  }

  /** Called once the arrays are learned or restored: derives what estimates need beyond them. */
  protected learned(): void {
    this.userVectors = this.pu;
    this.itemNorms = undefined;
    this.scorer = undefined;
    this.boundedScorer = undefined;
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

/**
 * SVD's and SVD++'s starting point, as Surprise draws it: p_u, then q_i, from N(init_mean, init_std_dev),
 * and zero biases. `rng` is left to draw on (SVD++'s y_j).
 */
export function normalStart(rng: Random, trainset: Trainset, k: number, mean: number, std: number): SgdArrays {
  return {
    pu: normalMatrix(rng, trainset.nUsers * k, mean, std),
    qi: normalMatrix(rng, trainset.nItems * k, mean, std),
    bu: new Float64Array(trainset.nUsers),
    bi: new Float64Array(trainset.nItems),
  };
}

/** n values drawn from N(mean, std) — Surprise's `rng.normal(init_mean, init_std_dev, (rows, k))`. */
export function normalMatrix(rng: Random, n: number, mean: number, std: number): Float64Array {
  const m = new Float64Array(n);
  for (let x = 0; x < n; x++) m[x] = rng.normal(mean, std);
  return m;
}
