/** Runs the `marquee` CLI from source in a child process, as a user would run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves once stderr contains `pattern`; rejects if the process ends first. */
  waitForStderr(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

/** Settings the child must not inherit from whoever runs the tests: it gets exactly the target's. */
const TARGET_SETTINGS = /^(MARQUEE_|DATABASE_URL$|MLFLOW_|S3_|ARTIFACTS_DIR$|TRAINING_|MODEL_NAME$)/;

export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !TARGET_SETTINGS.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...inherited, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiters.splice(0)) (w.pattern.test(stderr) ? w.resolve : () => waiters.push(w))();
  });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    done,
    waitForStderr: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        void done.then((r) => reject(new Error(`the process ended (code ${r.code}) before printing ${pattern}:\n${r.stderr}`)));
      }),
  };
}

export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return startCli(args, env).done;
}
