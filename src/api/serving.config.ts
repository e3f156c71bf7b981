/**
 * The serving settings: how the server follows the registry, when it personalises for a user it
 * has not trained on, and how long it keeps a user's ratings in memory. Checked once, when read: a
 * bad value fails with the variable's name (exit code 2 from the CLI).
 */
import { readVariable, type Env, type ReadSetting, type Setting, type SettingGroup } from '../config/setting.ts';
import { integer } from '../config/values.ts';

export interface ServingSettings {
  modelPollSeconds: number;
  foldInMinRatings: number;
  ratingsCacheSeconds: number;
}

export const DEFAULT_SERVING_SETTINGS: ServingSettings = { modelPollSeconds: 10, foldInMinRatings: 5, ratingsCacheSeconds: 10 };

export class ServingConfigError extends Error {
  override name = 'ServingConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly status = 400;
}

const VARIABLES: Record<string, ReadSetting<number> & { key: keyof ServingSettings }> = {
  MODEL_POLL_SECONDS: {
    key: 'modelPollSeconds',
    ...integer(1, 86_400),
    default: String(DEFAULT_SERVING_SETTINGS.modelPollSeconds),
    description: 'How often the registry is asked whether the champion moved; a promotion or rollback in this process is seen at once anyway.',
  },
  FOLD_IN_MIN_RATINGS: {
    key: 'foldInMinRatings',
    ...integer(1, 1_000_000),
    default: String(DEFAULT_SERVING_SETTINGS.foldInMinRatings),
    description: 'Ratings a user the model was not trained on needs to be folded in and get personalised recommendations; fewer → cold start.',
  },
  RATINGS_CACHE_SECONDS: {
    key: 'ratingsCacheSeconds',
    ...integer(0, 86_400),
    default: String(DEFAULT_SERVING_SETTINGS.ratingsCacheSeconds),
    description:
      "On PostgreSQL, how long a user's ratings stay in memory: those written through this server are seen at once, those written by another process within this time (on PGlite there is no other writer). 0 reads them on every request.",
  },
};

/** Read by `parseCorsOrigins` (cors-origins.ts) where the service settings are read, beside these. */
const CORS_ORIGINS: Setting = {
  accepts: 'comma-separated origins: scheme, host and optional port, no path',
  description: 'Origins allowed to call the API from a browser, e.g. `https://app.example.org,http://localhost:5173`; unset → CORS off.',
};

export const servingGroup: SettingGroup = {
  title: 'Serving',
  summary: 'Read by `marquee start` and `marquee serve`.',
  settings: { ...VARIABLES, CORS_ORIGINS },
};

export function loadServingSettings(env: Env = process.env): ServingSettings {
  const settings = { ...DEFAULT_SERVING_SETTINGS };
  for (const name of Object.keys(VARIABLES)) {
    const value = readVariable(env, VARIABLES, name, (field, message) => new ServingConfigError(`${field}: ${message}`));
    if (value !== undefined) settings[VARIABLES[name].key] = value;
  }
  return settings;
}
