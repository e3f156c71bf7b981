import { Type } from 'typebox';
import { MAX_SEED } from '../plugins/app/ratings-generator.ts';

export const MAX_GENERATED = 100_000;

export const GenerateQuery = Type.Object(
  {
    batch_size: Type.Integer({ minimum: 1, maximum: MAX_GENERATED, default: 1000, description: 'Ratings to draw' }),
    drift: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0,
      description: 'Share of ratings shifted on purpose: users drawn uniformly, long-tail movies, two stars lower',
    }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEED, description: 'Makes the batch reproducible; drawn (and returned) when absent' })),
  },
  { additionalProperties: false },
);

export const GenerationResult = Type.Object({
  requested: Type.Integer(),
  generated: Type.Integer({ description: 'Distinct (user, movie) pairs drawn; a pair drawn twice is written once' }),
  inserted: Type.Integer({ description: 'New (user, movie) pairs' }),
  updated: Type.Integer({ description: 'Pairs that already had a rating, now replaced' }),
  drift: Type.Number(),
  seed: Type.Integer(),
  model: Type.Union([Type.Object({ name: Type.String(), version: Type.String() }), Type.Null()], {
    description: "The model whose predictions the ratings follow; null: drawn from the real ratings' distribution",
  }),
});
