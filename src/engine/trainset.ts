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
    const users = new InnerIds(data.userIds, n);
    const items = new InnerIds(data.itemIds, n);
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const r = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const row = rows ? rows[k] : k;
      u[k] = users.innerOf(data.userIds[row]);
      i[k] = items.innerOf(data.itemIds[row]);
      r[k] = data.ratings[row];
    }
    const rawUsers = users.rawIds();
    const rawItems = items.rawIds();
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

/**
 * Raw → inner ids in order of first appearance. MovieLens ids are small non-negative integers, so a
 * dense Int32Array indexed by raw id (−1 = not seen yet) replaces a Map lookup per rating whenever the
 * largest id is modest next to the number of ratings; other ids (negative, or sparse and large) use a Map.
 */
class InnerIds {
  private readonly dense: Int32Array | undefined;
  private readonly map = new Map<number, number>();
  private readonly raw: Int32Array;
  private size = 0;

  constructor(allRawIds: Int32Array, nRatings: number) {
    let min = 0;
    let max = -1;
    for (let k = 0; k < allRawIds.length; k++) {
      const id = allRawIds[k];
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const denseLimit = Math.min(Math.max(4 * allRawIds.length, 1 << 16), 50_000_000);
    if (min >= 0 && max < denseLimit) this.dense = new Int32Array(max + 1).fill(-1);
    this.raw = new Int32Array(Math.min(nRatings, this.dense ? max + 1 : nRatings));
  }

  innerOf(rawId: number): number {
    if (this.dense) {
      let inner = this.dense[rawId];
      if (inner < 0) {
        inner = this.dense[rawId] = this.size++;
        this.raw[inner] = rawId;
      }
      return inner;
    }
    let inner = this.map.get(rawId);
    if (inner === undefined) {
      this.map.set(rawId, (inner = this.size++));
      this.raw[inner] = rawId;
    }
    return inner;
  }

  /** Inner id → raw id, for the ids seen so far. */
  rawIds(): Int32Array {
    return this.raw.slice(0, this.size);
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
