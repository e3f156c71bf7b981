/** Schemas of the model registry routes. */
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ModelVersion = Type.Object({
  version: Type.String(),
  aliases: Type.Array(Type.String(), { description: 'champion (serving), previous (the rollback target)' }),
  created_at: Type.String({ format: 'date-time' }),
  algorithm: Nullable(Type.String()),
  candidate: Nullable(Type.String()),
  metrics: Type.Record(Type.String(), Type.Number(), { description: 'cv_rmse, cv_mae, precision_at_10, ndcg_at_10, holdout_rmse, holdout_mae' }),
  data: Type.Record(Type.String(), Type.String(), { description: 'Fingerprint of the training ratings: counts, date range, hash, filters' }),
  forced: Type.Boolean({ description: 'Promoted with force, whatever the comparison said' }),
  replaced_version: Nullable(Type.String({ description: 'The champion it replaced' })),
  rolled_back_at: Nullable(Type.String({ format: 'date-time' })),
  not_promoted: Nullable(Type.String({ description: 'Why a registered version never became champion' })),
  run_id: Nullable(Type.String({ description: 'The MLflow run that produced it' })),
  source: Type.String({ description: 'Artifact URI of its model folder' }),
});

export const ModelList = Type.Object({
  name: Type.String({ description: 'The registered model' }),
  champion: Nullable(Type.String()),
  previous: Nullable(Type.String()),
  versions: Type.Array(ModelVersion, { description: 'Newest first' }),
});

export const RollbackResult = Type.Object({
  name: Type.String(),
  rolled_back: Type.String({ description: 'The version that was champion' }),
  champion: Type.String({ description: 'The champion now' }),
  previous: Nullable(Type.String({ description: 'The next rollback target, or null when there is none' })),
});
