import { Type } from 'typebox';
import { Id, Text } from './common.ts';

export const Genre = Text({ minLength: 1, maxLength: 64, description: 'A MovieLens genre, matched case-insensitively' });

export const Movie = Type.Object({
  movie_id: Id,
  title: Type.String(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  genres: Type.Array(Type.String()),
});

export const MovieSearchQuery = Type.Object(
  {
    search: Type.Optional(Text({ minLength: 1, maxLength: 200, description: 'Part of the title, any case' })),
    genre: Type.Optional(Genre),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const MovieList = Type.Object({ movies: Type.Array(Movie) });

export const SimilarQuery = Type.Object(
  { n: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'How many similar movies' }) },
  { additionalProperties: false },
);

export const SimilarMovies = Type.Object({
  movie_id: Id,
  model: Type.Object({ name: Type.String(), version: Type.String() }, { description: 'The serving model whose neighbours these are' }),
  method: Type.Union([Type.Literal('factor_cosine'), Type.Literal('item_similarity')], {
    description: 'factor_cosine: cosine of the item factors (SVD family); item_similarity: the learned similarities (item-based k-NN)',
  }),
  similar: Type.Array(
    Type.Object({
      movie_id: Id,
      title: Type.String(),
      genres: Type.Array(Type.String()),
      similarity: Type.Number(),
    }),
    { description: 'Most similar first' },
  ),
});
