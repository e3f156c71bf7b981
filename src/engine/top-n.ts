/**
 * Top-N ranking without one object per item: the algorithm scores every item into a reused
 * Float64Array (`scoreAll`), and a bounded min-heap on typed arrays keeps the best n. Items are ranked
 * by the unclipped score — clipping first would tie every item above the scale at its maximum — and the
 * clipped value is reported as the predicted rating, as `predict` would give it.
 */
import type { AlgoBase } from './prediction-algorithms/algo-base.ts';
import { dot } from './vectors.ts';

/** Inner item ids with their scores, best first; equal scores are ordered by ascending inner id. */
export interface RankedItems {
  items: Int32Array;
  scores: Float64Array;
}

export interface Recommendations extends RankedItems {
  /** The scores clipped to the rating scale: the ratings `predict` would report. */
  estimates: Float64Array;
}

export interface TopNOptions {
  /** Leave out the items the user rated in the trainset (default true). */
  excludeRated?: boolean;
  /** Rank only these inner item ids (a genre, a catalogue slice); default every item. */
  candidates?: Int32Array;
}

/**
 * The n best (item, score) pairs offered so far. A min-heap whose root is the worst pair kept, so a
 * new pair costs one comparison unless it beats the root.
 */
export class BoundedHeap {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`the number of items to keep must be an integer ≥ 0, got ${capacity}`);
    }
    this.items = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  offer(item: number, score: number): void {
    if (this.size < this.capacity) {
      let at = this.size++;
      // Sift up: move the parent down while the new pair is worse than it.
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(score, item, this.scores[parent], this.items[parent])) break;
        this.items[at] = this.items[parent];
        this.scores[at] = this.scores[parent];
        at = parent;
      }
      this.items[at] = item;
      this.scores[at] = score;
    } else if (this.capacity > 0 && worse(this.scores[0], this.items[0], score, item)) {
      this.siftDownFromRoot(item, score);
    }
  }

  /** Empties the heap into arrays sorted best first. */
  drain(): RankedItems {
    const n = this.size;
    const items = new Int32Array(n);
    const scores = new Float64Array(n);
    for (let at = n - 1; at >= 0; at--) {
      items[at] = this.items[0];
      scores[at] = this.scores[0];
      this.size--;
      if (this.size > 0) this.siftDownFromRoot(this.items[this.size], this.scores[this.size]);
    }
    return { items, scores };
  }

  /** Places (item, score) at the root and sinks it below every worse child. */
  private siftDownFromRoot(item: number, score: number): void {
    const size = this.size;
    let at = 0;
    while (true) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && worse(this.scores[right], this.items[right], this.scores[child], this.items[child])) {
        child = right;
      }
      if (!worse(this.scores[child], this.items[child], score, item)) break;
      this.items[at] = this.items[child];
      this.scores[at] = this.scores[child];
      at = child;
    }
    this.items[at] = item;
    this.scores[at] = score;
  }
}

/** Is (scoreA, itemA) ranked below (scoreB, itemB)? Lower score, or the same score and a larger id. */
function worse(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && itemA > itemB);
}

/** Ranks items for users of one fitted algorithm, reusing its buffers from one call to the next. */
export class TopNRanker {
  private scores = new Float64Array(0);

  constructor(private readonly algo: AlgoBase) {}

  /** The n best items for inner user `u` (-1 for a user the trainset does not know). */
  rank(u: number, n: number, options: TopNOptions = {}): Recommendations {
    const trainset = this.algo.getTrainset();
    // Sized on first use, and again if the algorithm was fitted anew on another trainset.
    if (this.scores.length !== trainset.nItems) this.scores = new Float64Array(trainset.nItems);
    const scores = this.scores;
    this.algo.scoreAll(u, scores);
    if ((options.excludeRated ?? true) && trainset.knowsUser(u)) {
      const { offsets, index } = trainset.ur;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) scores[index[p]] = Number.NaN;
    }
    const heap = new BoundedHeap(n);
    const candidates = options.candidates;
    if (candidates) {
      for (let c = 0; c < candidates.length; c++) {
        const i = candidates[c];
        if (i < 0 || i >= scores.length) throw new RangeError(`candidate ${i} is not an inner item id`);
        const score = scores[i];
        // NaN marks an item that cannot be scored, was rated, or was already offered (a repeated id).
        if (score === score) heap.offer(i, score);
        scores[i] = Number.NaN;
      }
    } else {
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i];
        if (score === score) heap.offer(i, score);
      }
    }
    const ranked = heap.drain();
    const { min, max } = trainset.ratingScale;
    const estimates = ranked.scores.map((s) => Math.min(max, Math.max(min, s)));
    return { ...ranked, estimates };
  }
}

/**
 * The n items whose factor rows are closest in cosine to item `i`'s: the "similar movies" of a factor
 * model. `factors` is row-major (nItems × k); `norms` holds each row's Euclidean norm. Items with a zero
 * row have no direction and are left out.
 */
export function rankByCosine(
  factors: Float64Array,
  norms: Float64Array,
  k: number,
  i: number,
  n: number,
): RankedItems {
  const heap = new BoundedHeap(n);
  const nItems = norms.length;
  const io = i * k;
  const normI = norms[i];
  if (normI === 0) return heap.drain();
  for (let j = 0; j < nItems; j++) {
    if (j === i || norms[j] === 0) continue;
    heap.offer(j, dot(factors, io, factors, j * k, k) / (normI * norms[j]));
  }
  return heap.drain();
}
