import { Type } from 'typebox';
import { Id } from './common.ts';
import { Genre } from './movies.ts';

export const MAX_BATCH_USERS = 1000;

const topN = Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'How many movies to recommend' });
const excludeSeen = Type.Boolean({ default: true, description: 'Leave out the movies the user has rated' });
const genres = Type.Array(Genre, {
  minItems: 1,
  maxItems: 20,
  description: 'Recommend only movies having at least one of these genres',
});

export const PredictBody = Type.Object(
  { user_id: Id, top_n: topN, exclude_seen: excludeSeen, genres: Type.Optional(genres) },
  { additionalProperties: false },
);

export const PredictBatchBody = Type.Object(
  {
    user_ids: Type.Array(Id, { minItems: 1, maxItems: MAX_BATCH_USERS }),
    top_n: topN,
    exclude_seen: excludeSeen,
    genres: Type.Optional(genres),
  },
  { additionalProperties: false },
);

export const Recommendation = Type.Object({
  movie_id: Id,
  title: Type.String(),
  genres: Type.Array(Type.String()),
  score: Type.Number({ description: 'The ranking score: the model\'s estimate, or the Bayesian average for cold start' }),
  predicted_rating: Type.Optional(Type.Number({ description: 'The estimate clipped to the rating scale (personalized only)' })),
});

export const PredictionReason = Type.Union(
  [
    Type.Literal('known_user'),
    Type.Literal('folded_in'),
    Type.Literal('no_model'),
    Type.Literal('too_few_ratings'),
    Type.Literal('cannot_fold_in'),
  ],
  {
    description:
      'personalized: known_user (the model was trained on the user) or folded_in (folded into the model from the ratings); ' +
      'cold_start: no_model, too_few_ratings (fewer than FOLD_IN_MIN_RATINGS) or cannot_fold_in (the model has no fold-in, or knows none of the rated movies)',
  },
);

export const Prediction = Type.Object({
  user_id: Id,
  strategy: Type.Union([Type.Literal('personalized'), Type.Literal('cold_start')]),
  model: Type.Union([Type.Object({ name: Type.String(), version: Type.String() }), Type.Null()], {
    description: 'The model serving when the request came (null when none is loaded); `strategy` says whether it ranked',
  }),
  details: Type.Object({
    reason: PredictionReason,
    user_ratings: Type.Integer({ description: 'The ratings of the user on record' }),
    fold_in_ratings: Type.Optional(Type.Integer({ description: 'folded_in: the ratings of movies the model knows, which the fold-in used' })),
  }),
  recommendations: Type.Array(Recommendation),
});

export const PredictionBatch = Type.Object({ predictions: Type.Array(Prediction) });
