/** Schemas of the monitoring routes; `DriftAnswer` mirrors src/monitoring/drift/drift-answer.ts field for field. */
import { Type } from 'typebox';
import { MAX_WINDOW_DAYS, MAX_WINDOW_RATINGS } from '../../../monitoring/drift/drift-window.ts';
import { ErrorResponse } from '../../schemas/common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const DriftQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WINDOW_DAYS, description: 'Current window: ratings of the last N days' })),
    last: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WINDOW_RATINGS, description: 'Current window: the N most recent ratings' })),
  },
  { additionalProperties: false },
);

const FeatureResult = Type.Object({
  feature: Type.String({ description: 'rating, ratings_per_user, ratings_per_movie, movie_popularity, genres, hour_of_day or model_performance' }),
  test: Type.Union([Type.Literal('ks'), Type.Literal('chi_square'), Type.Literal('rmse_ratio')]),
  statistic: Type.Number(),
  p_value: Nullable(Type.Number({ description: 'Null for rmse_ratio' })),
  threshold: Type.Number({ description: 'p-value below which the feature drifted; for rmse_ratio the ratio above which it did' }),
  drifted: Type.Boolean(),
  psi: Nullable(Type.Number()),
  wasserstein: Nullable(Type.Number({ description: "In the feature's unit; null for genres" })),
  reference_size: Type.Integer(),
  current_size: Type.Integer(),
  current_rmse: Type.Optional(Type.Number({ description: 'model_performance only' })),
  holdout_rmse: Type.Optional(Type.Number({ description: 'model_performance only' })),
  cold_start_ratings: Type.Optional(Type.Integer({ description: 'model_performance only: unseen ratings of unknown users or movies, not scored' })),
});

export const DriftAnswer = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('insufficient_data')]),
    message: Nullable(Type.String({ description: 'Why there is no verdict (insufficient_data)' })),
    drift_detected: Nullable(Type.Boolean({ description: 'share_drifted >= thresholds.share, or model_performance drifted; null without a verdict' })),
    share_drifted: Nullable(Type.Number({ description: 'Share of data features with a test below its threshold (a feature tested twice counts once)' })),
    checked_at: Instant,
    reference: Type.Object({
      model: Type.Object({ name: Type.String(), version: Type.String(), registered_at: Instant }),
      period: Type.Object({ from: Instant, to: Instant }),
      ratings: Type.Integer(),
      users: Type.Integer(),
      movies: Type.Integer(),
      sample_ratings: Type.Integer(),
      holdout_rmse: Type.Number(),
    }),
    current: Type.Object({
      window: Type.Object({
        kind: Type.Union([Type.Literal('since_training'), Type.Literal('days'), Type.Literal('last')]),
        days: Nullable(Type.Integer()),
        last: Nullable(Type.Integer()),
        description: Type.String(),
      }),
      period: Type.Object({ from: Nullable(Instant), first_rated_at: Nullable(Instant), last_rated_at: Nullable(Instant) }),
      ratings: Type.Integer(),
      users: Type.Integer(),
      movies: Type.Integer(),
    }),
    thresholds: Type.Object({
      p_value: Type.Number(),
      feature_p_values: Type.Record(Type.String(), Type.Number()),
      share: Type.Number(),
      rmse_ratio: Type.Number(),
      min_ratings: Type.Integer(),
    }),
    features: Type.Array(FeatureResult),
    skipped: Type.Array(Type.Object({ feature: Type.String(), reason: Type.String() })),
    report_id: Nullable(Type.String()),
    report_url: Nullable(Type.String({ description: 'Where the HTML report is served' })),
  },
  { description: 'The verdict, or status insufficient_data with the counts when the window holds too few ratings' },
);

export const DriftReportList = Type.Object({
  reports: Type.Array(
    Type.Object({ id: Type.String(), created_at: Instant, bytes: Type.Integer(), url: Type.String() }),
    { description: 'Newest first' },
  ),
});

export const ReportParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

export const NoChampion = Type.Object(ErrorResponse.properties, { description: 'No champion, or its reference statistics are unusable: train first' });
