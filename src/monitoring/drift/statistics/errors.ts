/**
 * The one error the drift statistics raise: an input that cannot be tested (an empty sample, a NaN,
 * count vectors of different lengths). `field` names the offending argument so the HTTP layer can
 * answer 400 with it; anything else thrown from this folder would be a bug.
 */
export class DriftStatisticsInputError extends Error {
  readonly code = 'DRIFT_STATISTICS_INPUT';
  readonly status = 400;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DriftStatisticsInputError';
  }
}
