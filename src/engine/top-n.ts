/**
 * Top-N ranking without one object per item: the algorithm scores every item into a reused
 * Float64Array (`scoreAll`, or `scoreAllBounded` and a second pass, see TopNRanker), and a bounded
 * min-heap on typed arrays keeps the best n. Items are ranked by the unclipped score — clipping first
 * would tie every item above the scale at its maximum — and the clipped value is reported as the
 * predicted rating, as `predict` would give it.
 */
import type { AlgoBase } from './prediction-algorithms/algo-base.ts';

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

  /** The number of pairs kept. */
  get length(): number {
    return this.size;
  }

  /** The score of the worst pair kept (-Infinity when empty): the one a new pair must beat once full. */
  worstScore(): number {
    return this.size > 0 ? this.scores[0] : -Infinity;
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

/**
 * Ranks items for users of one fitted algorithm, reusing its buffers from one call to the next.
 *
 * Where the algorithm offers bounded scores (`scoreAllBounded`: factor models score from float32
 * factors, reading half the memory), the ranking takes two passes and is still the exact one: the
 * n-th best lower bound is a floor that every item of the exact top n reaches, since n items score
 * at least their lower bounds; only the items whose upper bound reaches that floor (about n of them)
 * are re-scored exactly (`scoreOne`) and ranked.
 */
export class TopNRanker {
  private scores = new Float64Array(0);
  private errors = new Float64Array(0);
  private ids = new Int32Array(0);
  private highs = new Float64Array(0);

  constructor(private readonly algo: AlgoBase) {}

  /** The n best items for inner user `u` (-1 for a user the trainset does not know). */
  rank(u: number, n: number, options: TopNOptions = {}): Recommendations {
    const trainset = this.algo.getTrainset();
    const heap = new BoundedHeap(n);
    const candidates = options.candidates;
    if (candidates) {
      for (const i of candidates) if (!trainset.knowsItem(i)) throw new RangeError(`candidate ${i} is not an inner item id`);
    }
    // Sized on first use, and again if the algorithm was fitted anew on another trainset.
    if (this.scores.length !== trainset.nItems) this.resize(trainset.nItems);
    const scores = this.scores;
    const bounded = n > 0 && this.algo.scoreAllBounded(u, scores, this.errors);
    if (!bounded) this.algo.scoreAll(u, scores);
    if ((options.excludeRated ?? true) && trainset.knowsUser(u)) {
      const { offsets, index } = trainset.ur;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) scores[index[p]] = Number.NaN;
    }
    if (bounded) this.offerBounded(u, candidates, heap);
    else if (candidates) {
      for (let c = 0; c < candidates.length; c++) {
        const i = candidates[c];
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

  /** Offers `heap` the exact scores of the items whose bounds can reach its top (see the class). */
  private offerBounded(u: number, candidates: Int32Array | undefined, heap: BoundedHeap): void {
    const { scores, errors, ids, highs } = this;
    const lows = new BoundedHeap(heap.capacity);
    const total = candidates ? candidates.length : scores.length;
    // The floor only rises as lower bounds come in: an item below it now stays below it.
    let floor = -Infinity;
    let count = 0;
    for (let c = 0; c < total; c++) {
      const i = candidates ? candidates[c] : c;
      const score = scores[i];
      if (score !== score) continue;
      if (candidates) scores[i] = Number.NaN; // a repeated id is ranked once
      const high = score + errors[i];
      if (high < floor) continue;
      lows.offer(i, score - errors[i]);
      if (lows.length === lows.capacity) floor = lows.worstScore();
      ids[count] = i;
      highs[count] = high;
      count++;
    }
    for (let c = 0; c < count; c++) {
      if (highs[c] < floor) continue;
      const exact = this.algo.scoreOne(u, ids[c]);
      if (exact === exact) heap.offer(ids[c], exact);
    }
  }

  private resize(nItems: number): void {
    this.scores = new Float64Array(nItems);
    this.errors = new Float64Array(nItems);
    this.ids = new Int32Array(nItems);
    this.highs = new Float64Array(nItems);
  }
}

/**
 * The n items whose factor rows are closest in cosine to item `i`'s: the "similar movies" of a factor
 * model. `dots[j]` is q_i·q_j and `norms[j]` the Euclidean norm of q_j. Items with a zero row have no
 * direction and are left out.
 */
export function rankByCosine(dots: Float64Array, norms: Float64Array, i: number, n: number): RankedItems {
  const heap = new BoundedHeap(n);
  const normI = norms[i];
  if (normI === 0) return heap.drain();
  for (let j = 0; j < norms.length; j++) {
    if (j === i || norms[j] === 0) continue;
    heap.offer(j, dots[j] / (normI * norms[j]));
  }
  return heap.drain();
}
