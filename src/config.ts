/**
 * Marquee's configuration: environment variables, optionally backed by a JSON file named by
 * MARQUEE_CONFIG (environment wins over the file). Everything is validated once, at start, so a
 * bad value stops the program with the variable's name and what it expects instead of failing
 * later deep inside a request.
 *
 * `settings` is the single table of variables (name, default, meaning): a docs generator can list it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The bundled ml-latest-small: `<package>/data/...`, the same path from src/ and from dist/. */
const bundledDataDir = fileURLToPath(new URL('../data/ml-latest-small', import.meta.url));

const text = z.string().trim().min(1, 'expected a non-empty string');

const integer = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const n = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return n;
  });

/** Only the four spellings nobody can misread; "yes" or "on" is an error, not a silent false. */
const boolean = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  ctx.addIssue({ code: 'custom', message: `expected true, false, 1 or 0, got ${JSON.stringify(value)}` });
  return z.NEVER;
});

const url = text.refine((v) => URL.canParse(v), 'expected a URL');

interface Setting {
  schema: z.ZodType;
  /** Applied when the variable is unset; without one, unset means what the description says. */
  default?: string;
  /** A default computed from other variables, shown to people but applied in `loadConfig`. */
  derivedDefault?: string;
  description: string;
}

export const settings = {
  MARQUEE_HOME: { schema: text, default: './.marquee', description: 'Directory holding all embedded state (database, artifacts, downloads).' },
  DATABASE_URL: { schema: url.optional(), description: 'PostgreSQL server URL; unset → embedded PGlite under MARQUEE_HOME/pgdata.' },
  PORT: { schema: integer(0, 65535), default: '8000', description: 'HTTP port of the API server.' },
  HOST: { schema: text, default: '127.0.0.1', description: 'Interface the API server listens on.' },
  MARQUEE_API_KEY: { schema: text.optional(), description: 'Key required by write endpoints; unset → no key is required.' },
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', description: 'Log verbosity.' },
  ARTIFACTS_DIR: { schema: text.optional(), derivedDefault: 'MARQUEE_HOME/artifacts', description: 'Local directory for model artifacts when S3_BUCKET is unset.' },
  S3_BUCKET: { schema: text.optional(), description: 'S3 bucket for artifacts; unset → ARTIFACTS_DIR on local disk.' },
  S3_PREFIX: { schema: z.string().trim(), default: '', description: 'Key prefix inside S3_BUCKET.' },
  S3_ENDPOINT: { schema: url.optional(), description: 'S3-compatible endpoint (MinIO, LocalStack); unset → AWS.' },
  S3_REGION: { schema: text, default: 'us-east-1', description: 'Region of S3_BUCKET.' },
  S3_FORCE_PATH_STYLE: { schema: boolean, default: 'false', description: 'Address buckets by path (needed by most S3-compatible servers).' },
  AWS_ACCESS_KEY_ID: { schema: text.optional(), description: 'S3 access key; unset → the default AWS credential chain.' },
  AWS_SECRET_ACCESS_KEY: { schema: text.optional(), description: 'S3 secret key (with AWS_ACCESS_KEY_ID).' },
  MLFLOW_TRACKING_URI: { schema: url.optional(), description: 'External MLflow tracking server; unset → the built-in tracking server.' },
  MARQUEE_DATA_DIR: { schema: text.optional(), derivedDefault: '<package>/data/ml-latest-small', description: 'Data set imported by `marquee start` when the database is empty.' },
  MOVIELENS_BASE_URL: { schema: url, default: 'https://files.grouplens.org/datasets/movielens', description: 'Where `marquee import <name>` downloads MovieLens zips from.' },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;

export interface Config {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  /** Where the embedded PGlite database lives (used only when databaseUrl is unset). */
  readonly pgliteDir: string;
  readonly port: number;
  readonly host: string;
  readonly apiKey: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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

const schema = z.object(
  Object.fromEntries(
    Object.entries(settings).map(([name, s]) => {
      const fallback = 'default' in s ? s.default : undefined;
      return [name, fallback === undefined ? s.schema : z.preprocess((v) => v ?? fallback, s.schema)];
    }),
  ) as { [K in SettingName]: (typeof settings)[K]['schema'] },
);

/** Reads, validates and freezes the configuration. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = { ...readConfigFile(env.MARQUEE_CONFIG), ...definedOnly(env) };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const meaning = name in settings ? ` (${settings[name as SettingName].description})` : '';
      return `  ${name}: ${issue.message}${meaning}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data as z.output<typeof schema>;
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
      prefix: v.S3_PREFIX,
      endpoint: v.S3_ENDPOINT,
      region: v.S3_REGION,
      forcePathStyle: v.S3_FORCE_PATH_STYLE,
      accessKeyId: v.AWS_ACCESS_KEY_ID,
      secretAccessKey: v.AWS_SECRET_ACCESS_KEY,
    },
    mlflowTrackingUri: v.MLFLOW_TRACKING_URI,
    dataDir: v.MARQUEE_DATA_DIR === undefined ? bundledDataDir : resolve(v.MARQUEE_DATA_DIR),
    downloadsDir: join(home, 'downloads'),
    movielensBaseUrl: v.MOVIELENS_BASE_URL.replace(/\/+$/, ''),
  });
}

/** Empty variables count as unset, as shells make `FOO=` easy to leave behind. */
function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(settings)) {
    const value = env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (path === undefined || path === '') return {};
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
