import { Type } from 'typebox';
import { Id } from './common.ts';

/** The MovieLens scale: half stars from 0.5 to 5, as the ratings table enforces. */
export const RatingValue = Type.Number({ minimum: 0.5, maximum: 5, multipleOf: 0.5 });

/** Epoch milliseconds, the one time unit of the project; bounded to what PostgreSQL stores. */
export const Timestamp = Type.Integer({ minimum: 0, maximum: 253_402_300_799_999, description: 'Epoch milliseconds' });

export const MAX_RATINGS_PER_REQUEST = 10_000;

export const RatingInput = Type.Object(
  {
    user_id: Id,
    movie_id: Id,
    rating: RatingValue,
    timestamp: Type.Optional(Timestamp),
  },
  { additionalProperties: false, description: 'One rating; `timestamp` defaults to now' },
);

export const RatingsBody = Type.Union([
  RatingInput,
  Type.Array(RatingInput, { minItems: 1, maxItems: MAX_RATINGS_PER_REQUEST }),
]);

export const RatingsWritten = Type.Object({
  inserted: Type.Integer({ description: 'New (user, movie) pairs' }),
  updated: Type.Integer({ description: 'Pairs that already had a rating, now replaced' }),
});

export const UserRatingsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const UserRating = Type.Object({
  movie_id: Id,
  title: Type.Union([Type.String(), Type.Null()], { description: 'Null when the movie is not in the catalogue' }),
  rating: Type.Number(),
  timestamp: Type.Number({ description: 'Epoch milliseconds' }),
  source: Type.String({ description: 'movielens, generated or api' }),
});

export const UserRatings = Type.Object({
  user_id: Id,
  total: Type.Integer({ description: 'All ratings of the user, whatever limit and offset' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  ratings: Type.Array(UserRating, { description: 'Most recent first' }),
});
