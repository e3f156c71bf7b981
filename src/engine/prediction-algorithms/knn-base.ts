/**
 * What Surprise's k-NN algorithms share (its `SymmetricAlgo` plus the neighbour loop each repeats).
 * With user_based, x is a user and y an item; otherwise the other way round. To estimate (u, i),
 * Surprise lists the x' that rated y, keeps the k with the highest similarity to x
 * (`heapq.nlargest`, earlier x' first among equal similarities) and aggregates those with a positive
 * similarity; actual_k counts them. That is exactly the k best of the positive candidates, which is
 * what `selectNeighbours` keeps, with the same tie rule.
 *
 * The variants differ only in what a neighbour contributes (`deviation`) and how the weighted average
 * becomes an estimate (`combine`).
 */
import type { Csr, Trainset } from '../trainset.ts';
import { AlgoBase, PredictionImpossible, type Estimate, type Params, type TypedArray } from './algo-base.ts';
import { requireInteger, resolveParams } from './algo-params.ts';
import { baselineDefaults, baselineOptions, computeBaselines, type BaselineOptions, type Baselines } from './baselines.ts';
import { PairMatrix, PairReader } from './pair-matrix.ts';
import { computeSimilarities, similarityDefaults, similarityOptions, type SimilarityOptions } from './similarities.ts';
import { BoundedHeap, type RankedItems } from '../top-n.ts';

export function knnDefaults(given: Params) {
  return { k: 40, min_k: 1, ...similarityDefaults(), ...baselineDefaults(given) };
}

export type KnnParams = ReturnType<typeof knnDefaults>;

export abstract class KnnBase extends AlgoBase {
  readonly params: KnnParams;
  protected readonly k: number;
  protected readonly minK: number;
  protected readonly simOptions: SimilarityOptions;
  protected readonly bslOptions: BaselineOptions;
  protected sims = new PairMatrix(0, new Int32Array(1), new Uint16Array(0), new Float32Array(0));
  /** Reads the similarities: absent pairs 0, the diagonal 1 (as Surprise sets it). */
  private reader = new PairReader(this.sims, 1, 0);
  /** Ratings by y: the candidates' ratings. */
  protected yr!: Csr;
  protected nX = 0;
  /** The neighbours of one estimate: a min-heap of (similarity, position of the rating in `yr`). */
  private readonly heapSims: Float64Array;
  private readonly heapPos: Int32Array;
  /** One neighbour heap per item, for item-based `scoreAll`. */
  private itemHeaps: { sims: Float64Array; pos: Int32Array; sizes: Int32Array } | undefined;

  constructor(algorithm: string, params: Params) {
    super();
    this.params = resolveParams(algorithm, params, knnDefaults(params));
    requireInteger(algorithm, this.params, 'k', 1);
    requireInteger(algorithm, this.params, 'min_k', 0);
    this.k = this.params.k;
    this.minK = this.params.min_k;
    this.simOptions = similarityOptions(algorithm, this.params);
    this.bslOptions = baselineOptions(algorithm, this.params);
    this.heapSims = new Float64Array(this.k);
    this.heapPos = new Int32Array(this.k);
  }

  /** KNNBaseline needs the baselines whatever the similarity; the others only for pearson_baseline. */
  protected get usesBaselines(): boolean {
    return false;
  }

  /** Learns the variant's own statistics (means, sigmas, baselines) before the similarities. */
  protected abstract learn(baselines: Baselines | undefined): void;

  /** What neighbour x2, which rated y with r, contributes (times its similarity) to the sum. */
  protected abstract deviation(x2: number, y: number, r: number): number;

  /** The estimate from the weighted sums; NaN when there is none (KNNBasic without neighbours). */
  protected abstract combine(x: number, y: number, sum: number, sumSim: number, actualK: number): number;

  /** The estimate when the user or the item is unknown. */
  protected abstract unknownEstimate(u: number, i: number): number;

  protected abstract statisticArrays(): Record<string, TypedArray>;
  protected abstract restoreStatistics(arrays: Record<string, TypedArray>): void;

  override fit(trainset: Trainset): this {
    super.fit(trainset);
    this.switchViews();
    const needed = this.usesBaselines || this.simOptions.name === 'pearson_baseline';
    const baselines = needed ? computeBaselines(trainset, this.bslOptions) : undefined;
    this.learn(baselines);
    this.sims = computeSimilarities(trainset, this.simOptions, baselines);
    this.reader = new PairReader(this.sims, 1, 0);
    return this;
  }

  estimate(u: number, i: number): number | Estimate {
    if (!(this.trainset.knowsUser(u) && this.trainset.knowsItem(i))) return this.unknownEstimate(u, i);
    const userBased = this.simOptions.userBased;
    const x = userBased ? u : i;
    const y = userBased ? i : u;
    const actualK = this.selectNeighbours(x, y);
    const est = this.aggregate(x, y, this.heapSims, this.heapPos, 0, actualK);
    if (Number.isNaN(est)) throw new PredictionImpossible('Not enough neighbors.');
    return { est, details: { actualK } };
  }

  /**
   * Fills the heap with the k most similar x' (similarity > 0) among those who rated y. They are
   * offered in row order, so once the heap is full a candidate must beat the weakest kept strictly:
   * `floor` turns most of them away without touching the heap.
   */
  private selectNeighbours(x: number, y: number): number {
    const start = this.yr.offsets[y];
    const end = this.yr.offsets[y + 1];
    const sims = this.reader.gather(x, this.yr.index, start, end);
    const { heapSims, heapPos, k } = this;
    let size = 0;
    let floor = 0;
    for (let t = 0; t < end - start; t++) {
      const s = sims[t];
      if (s > floor) {
        size = offer(heapSims, heapPos, 0, size, k, s, start + t);
        if (size === k) floor = heapSims[0];
      }
    }
    return size;
  }

  private aggregate(x: number, y: number, sims: Float64Array, pos: Int32Array, base: number, n: number): number {
    const { index, ratings } = this.yr;
    let sum = 0;
    let sumSim = 0;
    for (let h = base; h < base + n; h++) {
      const p = pos[h];
      sum += sims[h] * this.deviation(index[p], y, ratings[p]);
      sumSim += sims[h];
    }
    return this.combine(x, y, sum, sumSim, n);
  }

  /**
   * Every item's estimate for user u, with the same neighbours as `estimate` (NaN where impossible).
   * User-based: u's similarity row once, then each item's raters. Item-based: one small heap per item,
   * filled from the similarity rows of the items u rated.
   */
  override scoreAll(u: number, out: Float64Array): void {
    if (!this.trainset.knowsUser(u)) {
      super.scoreAll(u, out);
      return;
    }
    if (this.simOptions.userBased) this.scoreAllUserBased(u, out);
    else this.scoreAllItemBased(u, out);
  }

  private scoreAllUserBased(u: number, out: Float64Array): void {
    const { cells } = this.reader;
    const base = this.reader.open(u);
    const { offsets, index } = this.yr;
    const { heapSims, heapPos } = this;
    for (let i = 0; i < this.trainset.nItems; i++) {
      let size = 0;
      for (let p = offsets[i]; p < offsets[i + 1]; p++) {
        const s = cells[base + index[p]];
        if (s > 0) size = offer(heapSims, heapPos, 0, size, this.k, s, p);
      }
      out[i] = this.aggregate(u, i, heapSims, heapPos, 0, size);
    }
    this.reader.close(u);
  }

  /** Each item j that u rated offers itself, with its rating, to the heap of every item similar to it. */
  private scoreAllItemBased(u: number, out: Float64Array): void {
    const nItems = this.trainset.nItems;
    const k = this.k;
    const heaps = (this.itemHeaps ??= {
      sims: new Float64Array(nItems * k),
      pos: new Int32Array(nItems * k),
      sizes: new Int32Array(nItems),
    });
    const { sims, pos, sizes } = heaps;
    const { offsets, index, values } = this.sims;
    const ur = this.yr;
    for (let p = ur.offsets[u]; p < ur.offsets[u + 1]; p++) {
      const j = ur.index[p];
      sizes[j] = offer(sims, pos, j * k, sizes[j], k, 1, p);
      for (let q = offsets[j]; q < offsets[j + 1]; q++) {
        const i = index[q];
        sizes[i] = offer(sims, pos, i * k, sizes[i], k, values[q], p);
      }
    }
    for (let i = 0; i < nItems; i++) {
      out[i] = this.aggregate(i, u, sims, pos, i * k, sizes[i]);
      sizes[i] = 0;
    }
  }

  /** The n items most similar to inner item i (item-based models only): "similar movies". */
  similarItems(i: number, n: number): RankedItems {
    if (this.simOptions.userBased) {
      throw new Error(`${this.name} is user-based: it has no item similarities (fit it with user_based=false)`);
    }
    if (!this.trainset.knowsItem(i)) throw new RangeError(`item ${i} is not an inner item id`);
    const { offsets, index, values } = this.sims;
    const heap = new BoundedHeap(n);
    for (let q = offsets[i]; q < offsets[i + 1]; q++) heap.offer(index[q], values[q]);
    return heap.drain();
  }

  learnedArrays(): Record<string, TypedArray> {
    return { ...this.sims.toArrays('sim'), ...this.statisticArrays() };
  }

  protected restoreArrays(arrays: Record<string, TypedArray>): void {
    this.switchViews();
    this.sims = PairMatrix.fromArrays(arrays, 'sim', this.nX);
    this.reader = new PairReader(this.sims, 1, 0);
    this.restoreStatistics(arrays);
  }

  protected xr(): Csr {
    return this.simOptions.userBased ? this.trainset.ur : this.trainset.ir;
  }

  private switchViews(): void {
    const userBased = this.simOptions.userBased;
    this.nX = userBased ? this.trainset.nUsers : this.trainset.nItems;
    this.yr = userBased ? this.trainset.ir : this.trainset.ur;
    this.itemHeaps = undefined;
  }
}

/**
 * Offers (s, p) to the bounded min-heap at sims/pos[base .. base+size); returns the new size. The root
 * is the weakest neighbour kept: lower similarity, or equal similarity and later in the row — so, as
 * with `heapq.nlargest`, the earlier of two equal candidates stays.
 */
function offer(sims: Float64Array, pos: Int32Array, base: number, size: number, k: number, s: number, p: number): number {
  let at: number;
  if (size < k) {
    at = size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!weaker(s, p, sims[base + parent], pos[base + parent])) break;
      sims[base + at] = sims[base + parent];
      pos[base + at] = pos[base + parent];
      at = parent;
    }
  } else {
    if (!weaker(sims[base], pos[base], s, p)) return size;
    at = 0;
    while (true) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && weaker(sims[base + right], pos[base + right], sims[base + child], pos[base + child])) {
        child = right;
      }
      if (!weaker(sims[base + child], pos[base + child], s, p)) break;
      sims[base + at] = sims[base + child];
      pos[base + at] = pos[base + child];
      at = child;
    }
  }
  sims[base + at] = s;
  pos[base + at] = p;
  return size;
}

function weaker(sa: number, pa: number, sb: number, pb: number): boolean {
  return sa < sb || (sa === sb && pa > pb);
}
