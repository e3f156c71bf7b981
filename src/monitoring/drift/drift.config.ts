/**
 * The drift check's thresholds, from environment variables (defaults in brackets):
 *
 *   DRIFT_P_VALUE           [0.05]  a feature drifts when its test's p-value is below this
 *   DRIFT_FEATURE_P_VALUES  [none]  per-feature overrides, JSON: {"hour_of_day": 0.01}
 *   DRIFT_SHARE             [0.5]   the data drifts when at least this share of the features do
 *                                   (Evidently's default)
 *   DRIFT_RMSE_RATIO        [1.1]   the model drifts when its RMSE on unseen ratings exceeds its
 *                                   holdout RMSE by this ratio
 *   DRIFT_MIN_RATINGS       [100]   fewer current ratings give "insufficient_data", not a verdict
 *
 * Checked once, when read: a bad value fails with the variable's name.
 */
import { z } from 'zod';
import { DATA_FEATURES, type DataFeature } from './drift-features.ts';
import { DriftInputError } from './drift.errors.ts';

export interface DriftSettings {
  pValue: number;
  featurePValues: Partial<Record<DataFeature, number>>;
  share: number;
  rmseRatio: number;
  minRatings: number;
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = { pValue: 0.05, featurePValues: {}, share: 0.5, rmseRatio: 1.1, minRatings: 100 };

const probability = z.number().gt(0).lt(1);
const ENV = {
  DRIFT_P_VALUE: probability,
  DRIFT_SHARE: z.number().gt(0).max(1),
  DRIFT_RMSE_RATIO: z.number().min(1),
  DRIFT_MIN_RATINGS: z.number().int().min(1).max(100_000_000),
} as const;

const featurePValues = z.strictObject(Object.fromEntries(DATA_FEATURES.map((f) => [f, probability.optional()])) as Record<DataFeature, z.ZodOptional<typeof probability>>);

export function loadDriftSettings(env: Record<string, string | undefined> = process.env): DriftSettings {
  const read = <N extends keyof typeof ENV>(name: N) => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return undefined;
    const parsed = ENV[name].safeParse(Number(text));
    if (!parsed.success) throw new DriftInputError(name, `${parsed.error.issues[0].message} (got ${JSON.stringify(text)})`);
    return parsed.data;
  };
  return {
    pValue: read('DRIFT_P_VALUE') ?? DEFAULT_DRIFT_SETTINGS.pValue,
    featurePValues: readFeaturePValues(env.DRIFT_FEATURE_P_VALUES),
    share: read('DRIFT_SHARE') ?? DEFAULT_DRIFT_SETTINGS.share,
    rmseRatio: read('DRIFT_RMSE_RATIO') ?? DEFAULT_DRIFT_SETTINGS.rmseRatio,
    minRatings: read('DRIFT_MIN_RATINGS') ?? DEFAULT_DRIFT_SETTINGS.minRatings,
  };
}

function readFeaturePValues(text: string | undefined): DriftSettings['featurePValues'] {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DriftInputError('DRIFT_FEATURE_P_VALUES', `not valid JSON: ${(cause as Error).message}`);
  }
  const parsed = featurePValues.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    throw new DriftInputError(`DRIFT_FEATURE_P_VALUES${where}`, `${issue.message}; features are ${DATA_FEATURES.join(', ')}`);
  }
  return parsed.data;
}

export function pValueThreshold(settings: DriftSettings, feature: DataFeature): number {
  return settings.featurePValues[feature] ?? settings.pValue;
}
