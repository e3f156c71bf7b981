/**
 * What a drift check compares recent ratings with, in the shape the checks use: typed arrays and
 * plain counts. `referenceFromStats` adapts the pipeline's stored `reference-stats.json` (see
 * src/pipeline/reference-stats.ts), checking every field it reads so that a damaged or foreign file
 * fails with the field's name instead of producing a verdict from garbage.
 */
import { z } from 'zod';
import { ReferenceStatsError } from './drift.errors.ts';

export interface DriftReference {
  model: { name: string; version: string; registeredAt: string };
  /** First and last rating the champion was trained on (ISO 8601). */
  period: { from: string; to: string };
  counts: { ratings: number; users: number; movies: number };
  /** The whole training distribution of rating values: `ratingCounts[k]` ratings of `ratingValues[k]`. */
  ratingValues: Float64Array;
  ratingCounts: Float64Array;
  /** Genre tokens of the training ratings (a rating counts once per genre of its movie). */
  genres: { names: string[]; counts: Float64Array };
  /** Training ratings per UTC hour of the day, 24 entries. */
  hourOfDay: Float64Array;
  /** A seeded uniform sample of the training ratings, for the two-sample tests. */
  sample: { seed: number; userIds: Int32Array; movieIds: Int32Array; ratings: Float32Array; timestamps: Float64Array };
  /** The champion's accuracy on ratings held out of its training. */
  holdout: { rmse: number; ratings: number };
}

const count = z.number().int().min(0);
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const halfStar = z.number().refine((r) => r >= 0.5 && r <= 5 && Number.isInteger(r * 2), 'expected a half star from 0.5 to 5');

const statsSchema = z.object({
  format: z.literal('marquee-reference-stats'),
  version: z.literal(1),
  data: z.object({ ratings: count, users: count, movies: count, first_rated_at: z.string(), last_rated_at: z.iso.datetime() }),
  ratings: z.object({ values: z.array(halfStar), counts: z.array(count) }),
  genres: z.object({ names: z.array(z.string()), counts: z.array(count) }),
  hour_of_day: z.array(count).length(24),
  sample: z.object({
    seed: z.number().int(),
    user_ids: z.array(z.number().int()),
    movie_ids: z.array(z.number().int()),
    ratings: z.array(halfStar),
    timestamps: z.array(finite),
  }),
  holdout: z.object({ rmse: z.number().positive(), ratings: count }),
});

export function referenceFromStats(stats: unknown, model: DriftReference['model'], file: string): DriftReference {
  const parsed = statsSchema.safeParse(stats);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReferenceStatsError(`${file}: field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const s = parsed.data;
  const sameLength = (field: string, a: unknown[], b: unknown[]) => {
    if (a.length !== b.length) throw new ReferenceStatsError(`${file}: field ${field} has ${b.length} entries for ${a.length} values`);
  };
  sameLength('ratings.counts', s.ratings.values, s.ratings.counts);
  sameLength('genres.counts', s.genres.names, s.genres.counts);
  for (const field of ['movie_ids', 'ratings', 'timestamps'] as const) sameLength(`sample.${field}`, s.sample.user_ids, s.sample[field]);
  return {
    model,
    period: { from: s.data.first_rated_at, to: s.data.last_rated_at },
    counts: { ratings: s.data.ratings, users: s.data.users, movies: s.data.movies },
    ratingValues: Float64Array.from(s.ratings.values),
    ratingCounts: Float64Array.from(s.ratings.counts),
    genres: { names: s.genres.names, counts: Float64Array.from(s.genres.counts) },
    hourOfDay: Float64Array.from(s.hour_of_day),
    sample: {
      seed: s.sample.seed,
      userIds: Int32Array.from(s.sample.user_ids),
      movieIds: Int32Array.from(s.sample.movie_ids),
      ratings: Float32Array.from(s.sample.ratings),
      timestamps: Float64Array.from(s.sample.timestamps),
    },
    holdout: s.holdout,
  };
}
