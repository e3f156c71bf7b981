/**
 * Docker Compose for the deploy tests: `docker-compose` (the Debian package, 1.29, which CI
 * installs) or else the `docker compose` plugin (v2). `config` needs no container engine. Without
 * either a test is skipped with the reason printed, except under CI=true, where the tests run and
 * fail: CI installs the package, so a missing binary there is a broken setup.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

export const COMPOSE_INSTALL_HINT = 'install the Debian package docker-compose: apt-get install -y --no-install-recommends docker-compose';

const answers = (command: string[]) => {
  const result = spawnSync(command[0], [...command.slice(1), 'version'], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
};

/** The command that runs Compose, or undefined when there is none. */
export const composeCommand: string[] | undefined = [['docker-compose'], ['docker', 'compose']].find(answers);

/** For `test(..., { skip })`: the reason to skip, or false to run (always false under CI=true). */
export function skipWithoutCompose(): string | false {
  if (composeCommand !== undefined || process.env.CI === 'true') return false;
  return `neither docker-compose nor docker compose found; ${COMPOSE_INSTALL_HINT}`;
}

export interface ComposeResult {
  status: number;
  output: string;
  stdout: string;
}

/** `compose --env-file <envFile> -f <file> <args>` in an environment holding no Compose variable. */
export function runCompose(file: string, envFile: string, args: string[]): ComposeResult {
  if (composeCommand === undefined) throw new Error(`cannot run Docker Compose: ${COMPOSE_INSTALL_HINT}`);
  const [command, ...prefix] = composeCommand;
  const result = spawnSync(command, [...prefix, '--env-file', envFile, '-f', file, ...args], {
    encoding: 'utf8',
    // Compose prefers its own environment to the env file: it gets no variable but these two.
    env: { PATH: process.env.PATH, HOME: tmpdir() },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`cannot run ${composeCommand.join(' ')}: ${result.error.message}`);
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}
