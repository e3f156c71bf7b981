/**
 * One replica of the service: `marquee serve --port 0` in a child process (from source, so the test
 * exercises the current code without a build), reached over HTTP at the address it prints.
 */
import { startCli, type CliResult } from '../../support/cli.ts';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface Replica {
  name: string;
  base: string;
  get<T>(path: string): Promise<Answer<T>>;
  post<T>(path: string, body: unknown): Promise<Answer<T>>;
  /** SIGTERM, then SIGKILL after the grace period; resolves with the exit code and the output. */
  stop(): Promise<CliResult>;
}

/** A replica's training may hold its event loop for seconds (TRAINING_JOBS=1 trains on it). */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Settings a replica must not inherit from whoever runs the tests: a schedule or a training file
 * would start jobs or change them behind the test's back. Empty counts as unset everywhere.
 */
const NEUTRAL = { TRAINING_CONFIG: '', TRAINING_SCHEDULE: '', DRIFT_SCHEDULE: '', RETRAIN_ON_DRIFT: '', MODEL_NAME: '', MARQUEE_CONFIG: '' };

export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const cli = startCli(['serve', '--port', '0'], { ...NEUTRAL, LOG_LEVEL: 'warn', ...env });
  let base: string;
  try {
    const stdout = await cli.waitFor(/^Marquee API\s+(http:\/\/\S+?)\/$/m, 60_000);
    base = /^Marquee API\s+(http:\/\/\S+?)\/$/m.exec(stdout)![1];
  } catch (error) {
    await cli.stop();
    throw new Error(`replica ${name} did not start: ${(error as Error).message}`);
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    name,
    base,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    stop: () => cli.stop(),
  };
}
