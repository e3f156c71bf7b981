/**
 * The current window's ratings and the catalogue's genres, from the database, through the same
 * typed-array read path as training.
 */
import type { Queryable } from '../../data/db/database.ts';
import { readRatings } from '../../data/ratings-reader.ts';
import type { RatingArrays } from '../../engine/index.ts';
import { loadGenres } from '../../pipeline/load-data.ts';
import type { CurrentRatings } from './drift-features.ts';
import type { DriftWindow } from './drift-window.ts';

const DAY_MS = 86_400_000;

export interface CurrentWindow extends CurrentRatings {
  /** The window's start (inclusive); null when it reaches back to the first rating. */
  from: Date | null;
}

/** The port the drift service reads through; `DriftRepository` is the database's implementation. */
export interface CurrentRatingsSource {
  /** `referenceEnd`: epoch ms of the last rating the champion was trained on. */
  read(window: DriftWindow, referenceEnd: number, now: Date): Promise<CurrentWindow>;
}

export class DriftRepository implements CurrentRatingsSource {
  constructor(private readonly db: Queryable) {}

  async read(window: DriftWindow, referenceEnd: number, now: Date): Promise<CurrentWindow> {
    const from = await this.windowStart(window, referenceEnd, now);
    const [ratings, genres] = await Promise.all([readRatings(this.db, from ? { from } : {}), loadGenres(this.db)]);
    return { ratings: ratings as Required<RatingArrays>, genres, from };
  }

  private async windowStart(window: DriftWindow, referenceEnd: number, now: Date): Promise<Date | null> {
    switch (window.kind) {
      // Training data is read at millisecond precision: the next millisecond is the first it cannot hold.
      case 'since_training':
        return new Date(referenceEnd + 1);
      case 'days':
        return new Date(now.getTime() - window.days * DAY_MS);
      case 'last': {
        const { rows } = await this.db.query<{ rated_at: Date }>('SELECT rated_at FROM ratings ORDER BY rated_at DESC OFFSET $1 LIMIT 1', [window.ratings - 1]);
        return rows.length === 0 ? null : rows[0].rated_at;
      }
    }
  }
}
