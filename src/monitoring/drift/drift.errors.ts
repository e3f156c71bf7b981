import { MarqueeError } from '../../errors.ts';

/**
 * The drift check's errors: a stable code each and the HTTP status the API answers with. The error
 * handler shows the message of every 4xx, so each message says what to do about it.
 */
export class DriftError extends MarqueeError {
  override name = 'DriftError';
}

/** No model version holds the `champion` alias: there is nothing to compare recent ratings with. */
export class NoChampionError extends DriftError {
  override name = 'NoChampionError';
  constructor(modelName: string) {
    super('NO_CHAMPION', 409, `${modelName} has no champion yet, so there is no reference to check drift against; train a model first (POST /training/ or marquee train)`);
  }
}

/** The champion's stored reference statistics are missing or not in a shape this version reads. */
export class ReferenceStatsError extends DriftError {
  override name = 'ReferenceStatsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('REFERENCE_STATS_INVALID', 409, `${message}; retrain to store new reference statistics with the champion`, options);
  }
}

/** A window or setting of one check that cannot be used; `field` names it. */
export class DriftInputError extends DriftError {
  override name = 'DriftInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('DRIFT_INPUT_INVALID', 400, `${field}: ${message}`);
  }
}

export class DriftReportNotFoundError extends DriftError {
  override name = 'DriftReportNotFoundError';
  constructor(id: string) {
    super('DRIFT_REPORT_NOT_FOUND', 404, `drift report ${JSON.stringify(id)} not found; GET /monitoring/drift/reports lists them`);
  }
}
