/**
 * MLflow's REST entities as JSON schemas (TypeBox), and their TypeScript types derived from them.
 * Both the client and the embedded server use these, so a field spelled here is spelled the same
 * on the wire in both directions. Shapes follow what a real MLflow 2.16 server sends: ids are
 * strings, int64 times are numbers, and empty or unset fields are left out.
 */
import { Type, type Static } from 'typebox';

/** Milliseconds since the epoch, as a JSON number. */
const EpochMs = Type.Integer({ description: 'milliseconds since the epoch' });

export const KeyValue = Type.Object({ key: Type.String(), value: Type.String() });
export type KeyValue = Static<typeof KeyValue>;

export const Experiment = Type.Object({
  experiment_id: Type.String(),
  name: Type.String(),
  artifact_location: Type.String(),
  lifecycle_stage: Type.String(),
  last_update_time: EpochMs,
  creation_time: EpochMs,
  tags: Type.Optional(Type.Array(KeyValue)),
});
export type Experiment = Static<typeof Experiment>;

export const Metric = Type.Object({
  key: Type.String(),
  value: Type.Number(),
  timestamp: EpochMs,
  step: Type.Integer(),
});
export type Metric = Static<typeof Metric>;

export const RunStatus = Type.Union([
  Type.Literal('RUNNING'),
  Type.Literal('SCHEDULED'),
  Type.Literal('FINISHED'),
  Type.Literal('FAILED'),
  Type.Literal('KILLED'),
]);
export type RunStatus = Static<typeof RunStatus>;

export const RunInfo = Type.Object({
  /** Deprecated twin of run_id that MLflow still sends. */
  run_uuid: Type.String(),
  experiment_id: Type.String(),
  run_name: Type.String(),
  user_id: Type.String(),
  status: Type.String(),
  start_time: Type.Optional(EpochMs),
  end_time: Type.Optional(EpochMs),
  artifact_uri: Type.String(),
  lifecycle_stage: Type.String(),
  run_id: Type.String(),
});
export type RunInfo = Static<typeof RunInfo>;

export const RunData = Type.Object({
  metrics: Type.Optional(Type.Array(Metric)),
  params: Type.Optional(Type.Array(KeyValue)),
  tags: Type.Optional(Type.Array(KeyValue)),
});
export type RunData = Static<typeof RunData>;

export const Run = Type.Object({
  info: RunInfo,
  data: RunData,
  /** Dataset inputs; Marquee logs none, so it is `{}` on stored runs (as MLflow sends it). */
  inputs: Type.Optional(Type.Object({})),
});
export type Run = Static<typeof Run>;

export const FileInfo = Type.Object({
  path: Type.String(),
  is_dir: Type.Boolean(),
  file_size: Type.Optional(Type.Integer()),
});
export type FileInfo = Static<typeof FileInfo>;

export const ModelVersion = Type.Object({
  name: Type.String(),
  version: Type.String(),
  creation_timestamp: EpochMs,
  last_updated_timestamp: EpochMs,
  user_id: Type.Optional(Type.String()),
  current_stage: Type.String(),
  description: Type.Optional(Type.String()),
  source: Type.String(),
  run_id: Type.Optional(Type.String()),
  status: Type.String(),
  tags: Type.Optional(Type.Array(KeyValue)),
  run_link: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String())),
});
export type ModelVersion = Static<typeof ModelVersion>;

export const RegisteredModelAlias = Type.Object({ alias: Type.String(), version: Type.String() });
export type RegisteredModelAlias = Static<typeof RegisteredModelAlias>;

export const RegisteredModel = Type.Object({
  name: Type.String(),
  creation_timestamp: EpochMs,
  last_updated_timestamp: EpochMs,
  description: Type.Optional(Type.String()),
  latest_versions: Type.Optional(Type.Array(ModelVersion)),
  tags: Type.Optional(Type.Array(KeyValue)),
  aliases: Type.Optional(Type.Array(RegisteredModelAlias)),
});
export type RegisteredModel = Static<typeof RegisteredModel>;

/** Every error body: a stable code from MLflow's ErrorCode enum and a human message. */
export const ErrorBody = Type.Object({ error_code: Type.String(), message: Type.String() });
export type ErrorBody = Static<typeof ErrorBody>;

/** The `{}` that MLflow answers to writes. */
export const Empty = Type.Object({});
