/**
 * The Prometheus binaries (Debian package `prometheus`: prometheus and promtool) for the deploy
 * tests. Without them a test is skipped with the reason printed, except under CI=true, where the
 * tests run and fail: CI installs the package, so a missing binary there is a broken setup.
 */
import { spawnSync } from 'node:child_process';

export const INSTALL_HINT = 'install the Debian package prometheus: apt-get install -y --no-install-recommends prometheus';

function missing(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).error !== undefined;
}

/** For `test(..., { skip })`: the reason to skip, or false to run (always false under CI=true). */
export function skipWithout(...names: string[]): string | false {
  const absent = names.filter(missing);
  if (absent.length === 0 || process.env.CI === 'true') return false;
  return `${absent.join(' and ')} not found on PATH; ${INSTALL_HINT}`;
}

export interface ToolResult {
  status: number;
  output: string;
}

/** Runs `name args`; a binary that cannot be started is an error naming it, not a status. */
export function runTool(name: string, args: string[], input?: string): ToolResult {
  const result = spawnSync(name, args, { encoding: 'utf8', input, timeout: 30_000 });
  if (result.error) throw new Error(`cannot run ${name}: ${result.error.message}; ${INSTALL_HINT}`);
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
