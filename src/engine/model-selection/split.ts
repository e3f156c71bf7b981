/**
 * Ways to split ratings into train and test sets, after Surprise's `model_selection.split`.
 *
 * A splitter does not copy ratings: it returns a `FoldPlan`, an ordering of row indices into the
 * `RatingArrays` plus, per fold, the slice of that ordering held out for testing. Fold k trains on
 * every other row of the ordering. The plan is a few typed arrays, so it travels to worker threads
 * once and each worker rebuilds any fold from it.
 */
import { Random } from '../random.ts';
import type { RatingArrays } from '../trainset.ts';

export interface FoldPlan {
  /** Row indices into the ratings; rows left out of `order` are in no fold at all. */
  order: Int32Array;
  /** Fold k tests `order[testStart[k] .. testEnd[k])` and trains on the rest of `order`. */
  testStart: Int32Array;
  testEnd: Int32Array;
}

export interface Splitter {
  split(data: RatingArrays): FoldPlan;
}

export interface FoldRows {
  trainRows: Int32Array;
  testRows: Int32Array;
}

export function foldCount(plan: FoldPlan): number {
  return plan.testStart.length;
}

/** The train rows (in plan order, which decides inner ids as in Surprise) and test rows of fold k. */
export function foldRows(plan: FoldPlan, k: number): FoldRows {
  const { order } = plan;
  const start = plan.testStart[k];
  const stop = plan.testEnd[k];
  const trainRows = new Int32Array(order.length - (stop - start));
  trainRows.set(order.subarray(0, start), 0);
  trainRows.set(order.subarray(stop), start);
  return { trainRows, testRows: order.slice(start, stop) };
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  return order;
}

export interface ShuffleOptions {
  /** Shuffle the rows before cutting them (Surprise's default: true). */
  shuffle?: boolean;
  /** Seed of the shuffle. Surprise draws a fresh one when absent; we default to 0 so runs repeat. */
  randomState?: number;
}

/**
 * Surprise's `KFold`: shuffle the row indices once, then cut them into `nSplits` consecutive folds of
 * `floor(n / nSplits)` rows, the first `n % nSplits` folds taking one row more.
 */
export class KFold implements Splitter {
  constructor(
    readonly nSplits = 5,
    readonly options: ShuffleOptions = {},
  ) {
    if (!Number.isInteger(nSplits) || nSplits < 2) {
      throw new RangeError(`KFold: n_splits must be an integer >= 2, got ${nSplits}`);
    }
  }

  split(data: RatingArrays): FoldPlan {
    const n = data.ratings.length;
    if (this.nSplits > n) {
      throw new RangeError(`KFold: n_splits=${this.nSplits} is more than the ${n} ratings`);
    }
    const order = identity(n);
    if (this.options.shuffle ?? true) new Random(this.options.randomState ?? 0).shuffle(order);
    const testStart = new Int32Array(this.nSplits);
    const testEnd = new Int32Array(this.nSplits);
    let stop = 0;
    for (let k = 0; k < this.nSplits; k++) {
      testStart[k] = stop;
      stop += Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      testEnd[k] = stop;
    }
    return { order, testStart, testEnd };
  }
}

export interface TrainTestOptions extends ShuffleOptions {
  /** A fraction of the ratings (rounded up) or a count; Surprise's default is 0.2. */
  testSize?: number;
  /** A fraction (rounded down) or a count; by default every rating not in the test set. */
  trainSize?: number;
}

/**
 * Surprise's `train_test_split` (a one-split `ShuffleSplit`): after shuffling, the first
 * `trainSize` rows train and the next `testSize` rows test.
 */
export class TrainTestSplit implements Splitter {
  constructor(readonly options: TrainTestOptions = {}) {}

  split(data: RatingArrays): FoldPlan {
    const n = data.ratings.length;
    const { testSize, trainSize } = trainTestSizes(this.options, n);
    const order = identity(n);
    if (this.options.shuffle ?? true) new Random(this.options.randomState ?? 0).shuffle(order);
    return {
      order: order.slice(0, trainSize + testSize),
      testStart: Int32Array.of(trainSize),
      testEnd: Int32Array.of(trainSize + testSize),
    };
  }
}

function trainTestSizes(options: TrainTestOptions, n: number): { testSize: number; trainSize: number } {
  const size = (name: string, value: number, round: (x: number) => number): number => {
    if (!(value > 0) || value >= n || (value >= 1 && !Number.isInteger(value))) {
      throw new RangeError(`train_test_split: ${name}=${value} must be a fraction in (0, 1) or a count below ${n}`);
    }
    return value < 1 ? round(value * n) : value;
  };
  const testSize = size('test_size', options.testSize ?? 0.2, Math.ceil);
  const trainSize = options.trainSize === undefined ? n - testSize : size('train_size', options.trainSize, Math.floor);
  if (trainSize + testSize > n) {
    throw new RangeError(`train_test_split: train_size + test_size = ${trainSize + testSize} exceeds the ${n} ratings`);
  }
  return { testSize, trainSize };
}

export interface LeaveLastOutOptions {
  /**
   * As Surprise's `LeaveOneOut.min_n_ratings`: users with this many ratings or fewer are left out
   * of both sets, so that every kept user has at least `minNRatings` ratings to train on.
   */
  minNRatings?: number;
}

/**
 * Per-user leave-last-out: each user's latest rating (largest timestamp; on a tie, the later row)
 * is held out for testing. This is Surprise's `LeaveOneOut` with time instead of chance choosing
 * the held-out rating, so the test set is "what each user rated next".
 */
export class LeaveLastOut implements Splitter {
  constructor(readonly options: LeaveLastOutOptions = {}) {}

  split(data: RatingArrays): FoldPlan {
    const { timestamps, userIds } = data;
    if (!timestamps) throw new Error('leave-last-out needs timestamps, and these ratings have none');
    const minNRatings = this.options.minNRatings ?? 0;
    const latest = new Map<number, number>();
    const counts = new Map<number, number>();
    for (let row = 0; row < userIds.length; row++) {
      const u = userIds[row];
      counts.set(u, (counts.get(u) ?? 0) + 1);
      const best = latest.get(u);
      if (best === undefined || timestamps[row] >= timestamps[best]) latest.set(u, row);
    }
    const heldOut = new Uint8Array(userIds.length);
    let nTest = 0;
    for (const [u, row] of latest) {
      if ((counts.get(u) ?? 0) > minNRatings) {
        heldOut[row] = 1;
        nTest++;
      }
    }
    const kept = (row: number) => (counts.get(userIds[row]) ?? 0) > minNRatings;
    const train: number[] = [];
    const test: number[] = [];
    for (let row = 0; row < userIds.length; row++) {
      if (heldOut[row]) test.push(row);
      else if (kept(row)) train.push(row);
    }
    if (train.length === 0) throw new Error(`leave-last-out: no user has more than min_n_ratings=${minNRatings} ratings`);
    return {
      order: Int32Array.from([...train, ...test]),
      testStart: Int32Array.of(train.length),
      testEnd: Int32Array.of(train.length + nTest),
    };
  }
}
