/**
 * Marquee's configuration: environment variables, optionally backed by a JSON file named by
 * MARQUEE_CONFIG (environment wins over the file). Everything is validated once, at start, so a
 * bad value stops the program with the variable's name and what it expects instead of failing
 * later deep inside a request.
 *
 * `settings` is the table of the variables this loader reads (how each is read, its default and
 * meaning); `configGroups` shows them, with MARQUEE_CONFIG itself, in docs/configuration.md.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isUnset, type ReadSetting, type Setting, type SettingGroup, type SettingValue } from './config/setting.ts';
import { boolean, integer, oneOf, path, text, url } from './config/values.ts';
import { TOKEN_PATTERN, USERNAME_PATTERN } from './tracking/transport/credentials.ts';

/** The bundled ml-latest-small: `<package>/data/...`, the same path from src/ and from dist/. */
const bundledDataDir = fileURLToPath(new URL('../data/ml-latest-small', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const homeSettings = {
  MARQUEE_HOME: { ...path, default: './.marquee', description: 'Directory holding all embedded state (database, artifacts, downloads).' },
  MARQUEE_DATA_DIR: { ...path, derivedDefault: 'the bundled `data/ml-latest-small`', description: 'Data set imported by `marquee start` and `marquee serve` when the database is empty.' },
  MOVIELENS_BASE_URL: { ...url, default: 'https://files.grouplens.org/datasets/movielens', description: 'Where `marquee import <name>` downloads MovieLens zips from.' },
} satisfies Record<string, ReadSetting<unknown>>;

const databaseSettings = {
  DATABASE_URL: { ...url, description: 'PostgreSQL server URL; unset → embedded PGlite under MARQUEE_HOME/pgdata.' },
} satisfies Record<string, ReadSetting<unknown>>;

const serverSettings = {
  PORT: { ...integer(0, 65535), default: '8000', description: 'HTTP port of the API server.' },
  HOST: { ...text, default: '127.0.0.1', description: 'Interface the API server listens on; any other than loopback needs MARQUEE_API_KEY.' },
  MARQUEE_API_KEY: { ...text, secret: true, description: 'Key required by write endpoints; unset → no key is required.' },
  LOG_LEVEL: { ...oneOf(LOG_LEVELS), default: 'info', description: 'Log verbosity.' },
} satisfies Record<string, ReadSetting<unknown>>;

const artifactSettings = {
  ARTIFACTS_DIR: { ...path, derivedDefault: 'MARQUEE_HOME/artifacts', description: 'Local directory for model artifacts when S3_BUCKET is unset.' },
  S3_BUCKET: { ...text, description: 'S3 bucket for artifacts; unset → ARTIFACTS_DIR on local disk.' },
  S3_PREFIX: { ...text, description: 'Key prefix inside S3_BUCKET; unset → none.' },
  S3_ENDPOINT: { ...url, description: 'S3-compatible endpoint (MinIO, LocalStack); unset → AWS.' },
  S3_REGION: { ...text, default: 'us-east-1', description: 'Region of S3_BUCKET.' },
  S3_FORCE_PATH_STYLE: { ...boolean, default: 'false', description: 'Address buckets by path (needed by most S3-compatible servers).' },
  AWS_ACCESS_KEY_ID: { ...text, description: 'S3 access key; unset → the default AWS credential chain.' },
  AWS_SECRET_ACCESS_KEY: { ...text, secret: true, description: 'S3 secret key (with AWS_ACCESS_KEY_ID).' },
} satisfies Record<string, ReadSetting<unknown>>;

/** A URL without `user:password@`: the URI is printed in messages, credentials have their own variables. */
const trackingUrl: SettingValue<string> = {
  accepts: 'URL without credentials',
  schema: url.schema.refine((value) => {
    const parsed = new URL(value);
    return parsed.username === '' && parsed.password === '';
  }, 'credentials in the URL would be printed in messages: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD instead'),
};

/** Messages never repeat a secret's value, so these only say what is wrong. */
const token: SettingValue<string> = {
  accepts: 'visible ASCII, no spaces',
  schema: text.schema.refine((value) => TOKEN_PATTERN.test(value), 'expected visible ASCII characters without spaces'),
};

const username: SettingValue<string> = {
  accepts: 'text without a colon',
  schema: text.schema.refine((value) => USERNAME_PATTERN.test(value), 'HTTP Basic cannot send a colon or a control character in the user name'),
};

/** Not trimmed: spaces at either end can belong to a password (an empty or blank one is unset). */
const password: SettingValue<string> = { accepts: 'text', schema: z.string().min(1, 'expected a non-empty string') };

const trackingSettings = {
  MLFLOW_TRACKING_URI: { ...trackingUrl, description: 'External MLflow tracking server; unset → the built-in tracking server.' },
  MLFLOW_TRACKING_TOKEN: {
    ...token,
    secret: true,
    description: 'Sent to MLFLOW_TRACKING_URI as `Authorization: Bearer <token>` on every request, artifact transfers included; unset → no token.',
  },
  MLFLOW_TRACKING_USERNAME: {
    ...username,
    description: 'With MLFLOW_TRACKING_PASSWORD, sent to MLFLOW_TRACKING_URI as HTTP Basic credentials; they win over MLFLOW_TRACKING_TOKEN, as in MLflow\'s own client.',
  },
  MLFLOW_TRACKING_PASSWORD: { ...password, secret: true, description: 'Password of MLFLOW_TRACKING_USERNAME; one of the two without the other is an error.' },
} satisfies Record<string, ReadSetting<unknown>>;

export const settings = { ...homeSettings, ...databaseSettings, ...serverSettings, ...artifactSettings, ...trackingSettings };

export type SettingName = keyof typeof settings;

/** Read by `readConfigFile`, before the table above: it names where part of the table comes from. */
const configFileSetting: Setting = {
  accepts: 'path of a JSON file',
  description:
    'A JSON object of variables of the groups Home and data, Database, HTTP server, Artifact store and Tracking (`{"PORT": 9000}`); the environment wins over it.',
};

export const configGroups: SettingGroup[] = [
  {
    title: 'Home and data',
    summary: 'Checked by every command but `evaluate`. All embedded state lives under MARQUEE_HOME unless the variables of the next groups point elsewhere.',
    settings: { MARQUEE_HOME: homeSettings.MARQUEE_HOME, MARQUEE_CONFIG: configFileSetting, MARQUEE_DATA_DIR: homeSettings.MARQUEE_DATA_DIR, MOVIELENS_BASE_URL: homeSettings.MOVIELENS_BASE_URL },
  },
  {
    title: 'Database',
    summary: 'The embedded PGlite database serves one process at a time (a lock file stops a second); PostgreSQL lets the server, CLI commands and replicas share the data.',
    settings: databaseSettings,
  },
  {
    title: 'HTTP server',
    summary: 'Read by `marquee start` and `marquee serve`.',
    settings: serverSettings,
  },
  {
    title: 'Artifact store',
    summary: 'Model files, reference statistics and drift reports: a local folder unless S3_BUCKET is set.',
    settings: artifactSettings,
  },
  {
    title: 'Tracking',
    summary:
      'Runs and the model registry. The credentials are those MLflow\'s own clients read, sent only to an outside server at MLFLOW_TRACKING_URI; the built-in server takes MARQUEE_API_KEY as the bearer token MLflow clients send from MLFLOW_TRACKING_TOKEN, and needs none for Marquee\'s own in-process calls.',
    settings: trackingSettings,
  },
];

export interface Config {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  /** Where the embedded PGlite database lives (used only when databaseUrl is unset). */
  readonly pgliteDir: string;
  readonly port: number;
  readonly host: string;
  readonly apiKey: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly artifactsDir: string;
  readonly s3: {
    readonly bucket: string | undefined;
    readonly prefix: string;
    readonly endpoint: string | undefined;
    readonly region: string;
    readonly forcePathStyle: boolean;
    readonly accessKeyId: string | undefined;
    readonly secretAccessKey: string | undefined;
  };
  readonly mlflowTrackingUri: string | undefined;
  /** Sent to mlflowTrackingUri; see tracking/transport/credentials.ts for which one wins. */
  readonly mlflowCredentials: {
    readonly token: string | undefined;
    readonly username: string | undefined;
    readonly password: string | undefined;
  };
  readonly dataDir: string;
  readonly downloadsDir: string;
  readonly movielensBaseUrl: string;
}

/** A configuration value that cannot be used; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly status = 400;
  override name = 'ConfigError';
}

type Values = {
  [K in SettingName]: z.output<(typeof settings)[K]['schema']> | ((typeof settings)[K] extends { default: string } ? never : undefined);
};

const schema = z.object(
  Object.fromEntries(
    Object.entries(settings).map(([name, s]) => {
      const fallback = 'default' in s ? s.default : undefined;
      return [name, fallback === undefined ? s.schema.optional() : z.preprocess((v) => v ?? fallback, s.schema)];
    }),
  ),
);

/** Reads, validates and freezes the configuration. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = { ...definedOnly(readConfigFile(env.MARQUEE_CONFIG)), ...definedOnly(env) };
  const parsed = schema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '');
        const meaning = name in settings ? ` (${settings[name as SettingName].description})` : '';
        return `  ${name}: ${issue.message}${meaning}`;
      });
  // MLflow's client would silently send no Basic credentials (or the token) with one of the pair.
  const [user, pass] = ['MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD'];
  if ((raw[user] === undefined) !== (raw[pass] === undefined)) {
    const [missing, given] = raw[user] === undefined ? [user, pass] : [pass, user];
    problems.push(`  ${missing}: required with ${given} (HTTP Basic needs both)`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  const v = parsed.data as Values;
  const home = resolve(v.MARQUEE_HOME);
  const inHome = (p: string | undefined, fallback: string) => (p === undefined ? join(home, fallback) : resolve(p));
  return deepFreeze({
    home,
    databaseUrl: v.DATABASE_URL,
    pgliteDir: join(home, 'pgdata'),
    port: v.PORT,
    host: v.HOST,
    apiKey: v.MARQUEE_API_KEY,
    logLevel: v.LOG_LEVEL,
    artifactsDir: inHome(v.ARTIFACTS_DIR, 'artifacts'),
    s3: {
      bucket: v.S3_BUCKET,
      prefix: v.S3_PREFIX ?? '',
      endpoint: v.S3_ENDPOINT,
      region: v.S3_REGION,
      forcePathStyle: v.S3_FORCE_PATH_STYLE,
      accessKeyId: v.AWS_ACCESS_KEY_ID,
      secretAccessKey: v.AWS_SECRET_ACCESS_KEY,
    },
    mlflowTrackingUri: v.MLFLOW_TRACKING_URI,
    mlflowCredentials: { token: v.MLFLOW_TRACKING_TOKEN, username: v.MLFLOW_TRACKING_USERNAME, password: v.MLFLOW_TRACKING_PASSWORD },
    dataDir: v.MARQUEE_DATA_DIR === undefined ? bundledDataDir : resolve(v.MARQUEE_DATA_DIR),
    downloadsDir: join(home, 'downloads'),
    movielensBaseUrl: v.MOVIELENS_BASE_URL.replace(/\/+$/, ''),
  });
}

/** The table's variables that are set (blank counts as unset), from the environment or the file. */
function definedOnly(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(settings)) {
    if (!isUnset(source[name])) out[name] = source[name];
  }
  return out;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (path === undefined || isUnset(path)) return {};
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(isAbsolute(path) ? path : resolve(path), 'utf8'));
  } catch (cause) {
    throw new ConfigError(`MARQUEE_CONFIG: cannot read JSON config file ${path}: ${(cause as Error).message}`, { cause });
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new ConfigError(`MARQUEE_CONFIG: ${path} must hold one JSON object of variable names to values`);
  }
  const unknown = Object.keys(content).filter((k) => !(k in settings));
  if (unknown.length > 0) {
    throw new ConfigError(`MARQUEE_CONFIG: ${path} has unknown variable(s) ${unknown.join(', ')}`);
  }
  return content as Record<string, unknown>;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
