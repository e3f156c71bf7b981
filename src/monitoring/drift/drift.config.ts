/**
 * The drift check's thresholds, from environment variables. Checked once, when read: a bad value
 * fails with the variable's name.
 */
import { z } from 'zod';
import { readVariable, type Env, type ReadSetting, type SettingGroup } from '../../config/setting.ts';
import { decimal, integer, json } from '../../config/values.ts';
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

const probability = decimal({ above: 0, below: 1 });

const featurePValues = z.strictObject(
  Object.fromEntries(DATA_FEATURES.map((f) => [f, probability.schema.optional()])) as Record<DataFeature, z.ZodOptional<typeof probability.schema>>,
  {
    error: (issue) => {
      const features = `features are ${DATA_FEATURES.join(', ')}`;
      if (issue.code === 'unrecognized_keys') return `unknown feature ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; ${features}`;
      if (issue.code === 'invalid_type') return `expected an object of feature names to p-values; ${features}`;
      return undefined;
    },
  },
);

const defaultOf = (key: keyof DriftSettings) => String(DEFAULT_DRIFT_SETTINGS[key]);

const VARIABLES = {
  DRIFT_P_VALUE: { ...probability, default: defaultOf('pValue'), description: "A feature drifts when its test's p-value is below this." },
  DRIFT_FEATURE_P_VALUES: {
    ...json(featurePValues, `JSON object of feature → p-value in (0, 1); features: ${DATA_FEATURES.join(', ')}`),
    description: 'Per-feature thresholds that replace DRIFT_P_VALUE, e.g. `{"hour_of_day": 0.01}`.',
  },
  DRIFT_SHARE: {
    ...decimal({ above: 0, max: 1 }),
    default: defaultOf('share'),
    description: "The data drifts when at least this share of the features drift (Evidently's default).",
  },
  DRIFT_RMSE_RATIO: {
    ...decimal({ min: 1 }),
    default: defaultOf('rmseRatio'),
    description: 'The model drifts when its RMSE on ratings newer than its training data exceeds its holdout RMSE by this ratio (1.1: 10 % worse).',
  },
  DRIFT_MIN_RATINGS: {
    ...integer(1, 100_000_000),
    default: defaultOf('minRatings'),
    description: 'Fewer current ratings give the verdict "insufficient_data" instead of drift or no drift.',
  },
} satisfies Record<string, ReadSetting<unknown>>;

export const driftGroup: SettingGroup = {
  title: 'Drift',
  summary: 'Read by `marquee drift` and by the server (`GET /monitoring/drift`, scheduled checks).',
  settings: VARIABLES,
};

export function loadDriftSettings(env: Env = process.env): DriftSettings {
  const read = <N extends keyof typeof VARIABLES>(name: N) => readVariable(env, VARIABLES, name, (field, message) => new DriftInputError(field, message));
  return {
    pValue: read('DRIFT_P_VALUE') ?? DEFAULT_DRIFT_SETTINGS.pValue,
    featurePValues: read('DRIFT_FEATURE_P_VALUES') ?? {},
    share: read('DRIFT_SHARE') ?? DEFAULT_DRIFT_SETTINGS.share,
    rmseRatio: read('DRIFT_RMSE_RATIO') ?? DEFAULT_DRIFT_SETTINGS.rmseRatio,
    minRatings: read('DRIFT_MIN_RATINGS') ?? DEFAULT_DRIFT_SETTINGS.minRatings,
  };
}

export function pValueThreshold(settings: DriftSettings, feature: DataFeature): number {
  return settings.featurePValues[feature] ?? settings.pValue;
}
