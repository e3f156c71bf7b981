/**
 * The serving settings, from environment variables (defaults in brackets):
 *
 *   MODEL_POLL_SECONDS     [10]  how often the registry is asked whether the champion moved (a
 *                                promotion or rollback in this process is seen at once anyway)
 *   FOLD_IN_MIN_RATINGS    [5]   ratings a user the model does not know needs to be folded in and
 *                                get personalised recommendations; fewer → cold start
 *   RATINGS_CACHE_SECONDS  [10]  on PostgreSQL, how long a user's ratings are kept in memory: those
 *                                written through this server are seen at once, those written by
 *                                another process after at most this long (the embedded database
 *                                has no other writer, so there they stay until changed). 0 reads
 *                                them on every request, whatever the database.
 *
 * Checked once, when read: a bad value fails with the variable's name (exit code 2 from the CLI).
 */
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

const VARIABLES = {
  MODEL_POLL_SECONDS: { key: 'modelPollSeconds', min: 1, max: 86_400 },
  FOLD_IN_MIN_RATINGS: { key: 'foldInMinRatings', min: 1, max: 1_000_000 },
  RATINGS_CACHE_SECONDS: { key: 'ratingsCacheSeconds', min: 0, max: 86_400 },
} as const;

export function loadServingSettings(env: Record<string, string | undefined> = process.env): ServingSettings {
  const settings = { ...DEFAULT_SERVING_SETTINGS };
  for (const [name, { key, min, max }] of Object.entries(VARIABLES)) {
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ServingConfigError(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(env[name])}`);
    }
    settings[key] = n;
  }
  return settings;
}
