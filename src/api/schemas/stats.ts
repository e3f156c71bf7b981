import { Type } from 'typebox';

/** The figures of `marquee stats --json`, from the same query. */
export const Stats = Type.Object({
  ratings: Type.Integer(),
  users: Type.Integer(),
  movies: Type.Integer({ description: 'Movies in the catalogue, rated or not' }),
  rated_movies: Type.Integer({ description: 'Movies with at least one rating' }),
  mean_rating: Type.Union([Type.Number(), Type.Null()]),
  by_source: Type.Record(Type.String(), Type.Integer(), { description: 'Ratings per source: movielens, generated, api' }),
  first_rated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_rated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
