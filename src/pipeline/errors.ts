import { MarqueeError } from '../errors.ts';

/**
 * The pipeline's errors: a stable code each and the HTTP status the API answers with. Failures of
 * outside systems (tracking server, artifact store, database) are not wrapped here: they reach the
 * job record with their own message, which already names what failed.
 */
export class PipelineError extends MarqueeError {
  override name = 'PipelineError';
}

/** A training setting or override that cannot be used; `field` names it (`TRAINING_MARGIN`, `overrides.candidates[1].algo`). */
export class TrainingConfigError extends PipelineError {
  override name = 'TrainingConfigError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super('TRAINING_CONFIG_INVALID', 400, message);
  }
}

/** A training job is already queued or running (in this process or another sharing the database). */
export class TrainingJobConflictError extends PipelineError {
  override name = 'TrainingJobConflictError';
  constructor(readonly jobId: string) {
    super('TRAINING_JOB_RUNNING', 409, `training job ${jobId} is already running; wait for it to finish`);
  }
}

/** The job row no longer belongs to this process (it was recovered as crashed): stop before promoting anything. */
export class TrainingJobLostError extends PipelineError {
  override name = 'TrainingJobLostError';
  constructor(jobId: string) {
    super('TRAINING_JOB_LOST', 409, `training job ${jobId} was taken over (marked failed by another process); its result is discarded`);
  }
}

/** The filters left too few ratings to split, cross-validate and hold out. */
export class NotEnoughDataError extends PipelineError {
  override name = 'NotEnoughDataError';
  constructor(message: string) {
    super('NOT_ENOUGH_DATA', 422, message);
  }
}

/** A model version's file is missing, unreadable or not the file that was registered. */
export class ModelArtifactError extends PipelineError {
  override name = 'ModelArtifactError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_ARTIFACT_INVALID', 500, message, options);
  }
}

/** Rollback has nowhere to go: no champion, or no `previous` version. */
export class RollbackError extends PipelineError {
  override name = 'RollbackError';
  constructor(message: string) {
    super('ROLLBACK_IMPOSSIBLE', 409, message);
  }
}
