/**
 * Collects ratings into growing typed arrays (doubling, like a vector), then hands out exactly
 * sized RatingArrays: no object per rating, whatever the number of rows.
 */
import type { RatingArrays } from '../engine/trainset.ts';

export class RatingArraysBuilder {
  private userIds: Int32Array;
  private itemIds: Int32Array;
  private ratings: Float32Array;
  private timestamps: Float64Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.userIds = new Int32Array(capacity);
    this.itemIds = new Int32Array(capacity);
    this.ratings = new Float32Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  push(userId: number, itemId: number, rating: number, timestampMs: number): void {
    if (this.length === this.userIds.length) this.grow();
    const k = this.length++;
    this.userIds[k] = userId;
    this.itemIds[k] = itemId;
    this.ratings[k] = rating;
    this.timestamps[k] = timestampMs;
  }

  build(): RatingArrays {
    const n = this.length;
    return {
      userIds: this.userIds.slice(0, n),
      itemIds: this.itemIds.slice(0, n),
      ratings: this.ratings.slice(0, n),
      timestamps: this.timestamps.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.userIds.length * 2;
    const grown = <T extends Int32Array | Float32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.userIds = grown(this.userIds, (n) => new Int32Array(n));
    this.itemIds = grown(this.itemIds, (n) => new Int32Array(n));
    this.ratings = grown(this.ratings, (n) => new Float32Array(n));
    this.timestamps = grown(this.timestamps, (n) => new Float64Array(n));
  }
}
