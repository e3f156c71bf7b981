/**
 * The trainset: ratings indexed for fitting, like Surprise's `Trainset`.
 *
 * Raw ids (MovieLens user and movie ids, always integers) are mapped to dense inner ids in order of
 * first appearance. Ratings are kept twice in compressed sparse rows — by user (`ur`) and by item
 * (`ir`) — so algorithms walk a user's or an item's ratings without one object per rating.
 */

/** Ratings as parallel typed arrays: the shape every data source hands to the engine. */
export interface RatingArrays {
  userIds: Int32Array;
  itemIds: Int32Array;
  ratings: Float32Array;
  /** Epoch milliseconds; optional because some evaluations do not need time. */
  timestamps?: Float64Array;
}

export interface RatingScale {
  min: number;
  max: number;
}

/** One compressed-sparse-row view: the entries of row r are `index[offsets[r] .. offsets[r+1])`. */
export interface Csr {
  offsets: Int32Array;
  index: Int32Array;
  ratings: Float32Array;
}

export class Trainset {
  readonly nUsers: number;
  readonly nItems: number;
  readonly nRatings: number;
  readonly globalMean: number;
  /** Inner user id → raw user id (and the same for items). */
  readonly rawUserIds: Int32Array;
  readonly rawItemIds: Int32Array;
  /** Ratings per user: index holds inner item ids. */
  readonly ur: Csr;
  /** Ratings per item: index holds inner user ids. */
  readonly ir: Csr;
  private readonly userIndex: Map<number, number>;
  private readonly itemIndex: Map<number, number>;

  constructor(
    rawUserIds: Int32Array,
    rawItemIds: Int32Array,
    ur: Csr,
    ir: Csr,
    readonly ratingScale: RatingScale,
  ) {
    this.rawUserIds = rawUserIds;
    this.rawItemIds = rawItemIds;
    this.ur = ur;
    this.ir = ir;
    this.nUsers = rawUserIds.length;
    this.nItems = rawItemIds.length;
    this.nRatings = ur.index.length;
    let sum = 0;
    for (let k = 0; k < ur.ratings.length; k++) sum += ur.ratings[k];
    this.globalMean = this.nRatings > 0 ? sum / this.nRatings : 0;
    this.userIndex = indexOf(rawUserIds);
    this.itemIndex = indexOf(rawItemIds);
  }

  /** Builds a trainset from ratings; `rows` selects a subset (e.g. a fold) without copying the input. */
  static build(data: RatingArrays, scale: RatingScale, rows?: Int32Array): Trainset {
    const n = rows ? rows.length : data.ratings.length;
    const userIndex = new Map<number, number>();
    const itemIndex = new Map<number, number>();
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const r = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const row = rows ? rows[k] : k;
      const rawU = data.userIds[row];
      const rawI = data.itemIds[row];
      let inner = userIndex.get(rawU);
      if (inner === undefined) userIndex.set(rawU, (inner = userIndex.size));
      u[k] = inner;
      inner = itemIndex.get(rawI);
      if (inner === undefined) itemIndex.set(rawI, (inner = itemIndex.size));
      i[k] = inner;
      r[k] = data.ratings[row];
    }
    const rawUsers = Int32Array.from(userIndex.keys());
    const rawItems = Int32Array.from(itemIndex.keys());
    return new Trainset(
      rawUsers,
      rawItems,
      toCsr(u, i, r, rawUsers.length),
      toCsr(i, u, r, rawItems.length),
      scale,
    );
  }

  /** Inner id of a raw user id, or -1 when the user is not in the trainset. */
  innerUser(rawUserId: number): number {
    return this.userIndex.get(rawUserId) ?? -1;
  }

  innerItem(rawItemId: number): number {
    return this.itemIndex.get(rawItemId) ?? -1;
  }

  knowsUser(u: number): boolean {
    return u >= 0 && u < this.nUsers;
  }

  knowsItem(i: number): boolean {
    return i >= 0 && i < this.nItems;
  }
}

function indexOf(raw: Int32Array): Map<number, number> {
  const map = new Map<number, number>();
  for (let k = 0; k < raw.length; k++) map.set(raw[k], k);
  return map;
}

/** Counting sort of (row, col, rating) triples into CSR; keeps the input order within a row. */
function toCsr(row: Int32Array, col: Int32Array, rating: Float32Array, nRows: number): Csr {
  const offsets = new Int32Array(nRows + 1);
  for (let k = 0; k < row.length; k++) offsets[row[k] + 1]++;
  for (let r = 0; r < nRows; r++) offsets[r + 1] += offsets[r];
  const fill = offsets.slice(0, nRows);
  const index = new Int32Array(row.length);
  const ratings = new Float32Array(row.length);
  for (let k = 0; k < row.length; k++) {
    const at = fill[row[k]]++;
    index[at] = col[k];
    ratings[at] = rating[k];
  }
  return { offsets, index, ratings };
}
