/**
 * Schemas of the training routes. The overrides are checked here for shape only; their values
 * (algorithm names, parameters, dates) are checked by the pipeline's settings loader, whose
 * messages name the same JSON path (`overrides.candidates[0].algo`).
 */
import { Type } from 'typebox';
import { ErrorResponse } from '../../schemas/common.ts';

const Filters = Type.Object(
  {
    min_user_ratings: Type.Optional(Type.Integer({ minimum: 0, description: 'Keep users with at least this many ratings' })),
    min_movie_ratings: Type.Optional(Type.Integer({ minimum: 0, description: 'Keep movies with at least this many ratings' })),
    from: Type.Optional(Type.Union([Type.String({ description: 'ISO 8601: ratings at or after this instant' }), Type.Null()])),
    to: Type.Optional(Type.Union([Type.String({ description: 'ISO 8601: ratings before this instant' }), Type.Null()])),
    sample: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, description: 'A fraction in (0, 1) or a count of ratings, drawn with the seed' }), Type.Null()])),
  },
  { additionalProperties: false },
);

const CandidateInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    algo: Type.String({ minLength: 1, description: "Surprise's class name, any case: SVD, KNNBaseline, BaselineOnly, ..." }),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Hyperparameters, Surprise naming; sim_options / bsl_options may be nested' })),
    search: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: '{ method: "grid", grid } or { method: "random", distributions, n_iter }' })),
  },
  { additionalProperties: false },
);

export const TrainingRequest = Type.Object(
  {
    force: Type.Optional(Type.Boolean({ description: 'Promote the best candidate even if it does not beat the champion' })),
    overrides: Type.Optional(
      Type.Object(
        {
          filters: Type.Optional(Filters),
          candidates: Type.Optional(Type.Array(CandidateInput, { minItems: 1, maxItems: 50 })),
          margin: Type.Optional(Type.Number({ minimum: 0, description: 'RMSE improvement over the champion needed to promote' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'Everything is optional: an empty body trains with the configured settings' },
);

export const JobAccepted = Type.Object({ job_id: Type.String({ description: 'Poll GET /training/jobs/{job_id}' }) }, { description: 'The job is queued' });

export const JobConflict = Type.Object(
  { ...ErrorResponse.properties, job_id: Type.String({ description: 'The job already running' }) },
  { description: 'A training job is already queued or running' },
);

export const JobIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

const Num = Type.Number();

const CandidateView = Type.Object({
  name: Type.String(),
  algorithm: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  run_id: Type.String({ description: 'The candidate\'s MLflow run' }),
  rmse: Num,
  mae: Num,
  precision_at_10: Num,
  ndcg_at_10: Num,
  fold_rmse: Type.Array(Num),
  fit_seconds: Num,
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const TrainingJob = Type.Object({
  job_id: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  trigger: Type.Union([Type.Literal('api'), Type.Literal('cli'), Type.Literal('schedule'), Type.Literal('drift')]),
  force: Type.Boolean(),
  step: Type.String({ description: 'queued, starting, loading, cross-validating, comparing, refitting, uploading, registering, done' }),
  progress: Type.Number({ minimum: 0, maximum: 100, description: 'Percent' }),
  candidates: Type.Array(CandidateView, { description: 'Cross-validation results, once computed' }),
  decision: Nullable(Type.Union([Type.Literal('promoted'), Type.Literal('rejected')])),
  reason: Nullable(Type.String()),
  model: Nullable(Type.Object({ name: Type.String(), version: Type.String() }, { description: 'The version promoted' })),
  run_id: Nullable(Type.String({ description: 'The parent MLflow run' })),
  error: Nullable(Type.String({ description: 'Why the job failed' })),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
  heartbeat_at: Type.String({ format: 'date-time' }),
});
