/**
 * Builds the Dockerfile's stages in folders instead of images, following its instructions: each
 * stage's WORKDIR becomes `<root>/<stage name>`, COPY copies from the repository (the build context)
 * or from an earlier stage's folder, and each RUN step is carried out by the handler that knows it.
 * A RUN step without a handler is an error, so a changed Dockerfile cannot pass unreproduced.
 *
 * Stages run concurrently; a `COPY --from` waits for the stage it names. What stands in for what:
 *   - `npm ci` with `--omit=dev` (the runtime's dependencies, what the test is about) really runs,
 *     with --prefer-offline so the machine's npm cache serves it;
 *   - a full `npm ci` (the build stage's compiler and types) is the repository's own node_modules,
 *     installed from the same lockfile, linked in: a second full install would double the time;
 *   - `npm cache clean` only slims the image layer, and here would empty the machine's cache: skipped;
 *   - `mkdir -p DIR && chown UID:GID DIR` prepares the state directory; it is recorded, and the test
 *     makes a directory of its own with that owner.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { REPO_ROOT, instructions, type Instruction, type Stage } from './dockerfile.ts';

export interface StagesOnDisk {
  /** The folder standing for each stage's WORKDIR. */
  dirs: Map<string, string>;
  /** `chown` steps: container path → owner (`uid:gid`). */
  owners: Map<string, string>;
}

export interface CommandResult {
  status: number | null;
  output: string;
}

export function runCommand(command: string, args: string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output }));
  });
}

async function mustRun(command: string, args: string[], cwd: string): Promise<void> {
  const { status, output } = await runCommand(command, args, cwd);
  if (status !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` failed (${status}):\n${output}`);
}

export async function buildStagesOnDisk(stages: Stage[], root: string): Promise<StagesOnDisk> {
  const dirs = new Map(stages.map((s) => [s.name, join(root, s.name)]));
  const owners = new Map<string, string>();
  const done = new Map<string, Promise<void>>();
  const workdirs = new Map(stages.map((s) => [s.name, workdirOf(s)]));
  for (const stage of stages) {
    done.set(stage.name, buildStage(stage, { dirs, owners, done, workdirs }));
  }
  await Promise.all(done.values());
  return { dirs, owners };
}

interface Context extends StagesOnDisk {
  done: Map<string, Promise<void>>;
  workdirs: Map<string, string>;
}

async function buildStage(stage: Stage, context: Context): Promise<void> {
  const dir = context.dirs.get(stage.name)!;
  await mkdir(dir, { recursive: true });
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'COPY') await copy(instruction, dir, context);
    if (instruction.keyword === 'RUN') {
      for (const step of instruction.args.split('&&').map((s) => s.trim())) await runStep(step, dir, context);
    }
  }
}

/** Where a stage's relative paths start; one WORKDIR per stage keeps the mapping to a folder simple. */
function workdirOf(stage: Stage): string {
  const found = instructions(stage, 'WORKDIR');
  if (found.length !== 1) throw new Error(`stage ${stage.name}: expected one WORKDIR, found ${found.length}`);
  return found[0].args;
}

/** `COPY src... dest`; dest is relative to WORKDIR (`./`, `./dist`). */
async function copy(instruction: Instruction, dir: string, context: Context): Promise<void> {
  const parts = instruction.args.split(/\s+/);
  const dest = parts.pop()!;
  if (posix.isAbsolute(dest)) throw new Error(`line ${instruction.line}: COPY to an absolute path is not reproduced`);
  const from = instruction.flags.from;
  let sourceRoot = REPO_ROOT;
  if (from !== undefined) {
    const done = context.done.get(from);
    if (!done) throw new Error(`line ${instruction.line}: COPY --from=${from} names no earlier stage`);
    await done;
    sourceRoot = context.dirs.get(from)!;
  }
  for (const source of parts) {
    // From a stage, sources are container paths inside its WORKDIR; from the context, relative paths.
    const relative = from === undefined ? source : posix.relative(context.workdirs.get(from)!, source);
    if (relative.startsWith('..')) throw new Error(`line ${instruction.line}: ${source} lies outside the stage's WORKDIR`);
    const target = dest.endsWith('/') ? join(dir, dest, posix.basename(source)) : join(dir, dest);
    await cp(join(sourceRoot, relative), target, { recursive: true });
  }
}

async function runStep(step: string, dir: string, context: Context): Promise<void> {
  const words = step.split(/\s+/);
  if (words[0] === 'npm' && words[1] === 'ci') {
    if (words.includes('--omit=dev')) return mustRun('npm', [...words.slice(1), '--prefer-offline'], dir);
    return symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }
  if (step === 'npm run build') return mustRun('npm', ['run', 'build'], dir);
  if (step === 'npm cache clean --force') return;
  if (words[0] === 'mkdir' && words[1] === '-p' && words.length === 3) return;
  if (words[0] === 'chown' && words.length === 3) {
    context.owners.set(words[2], words[1]);
    return;
  }
  throw new Error(`RUN step not reproduced on disk, teach test/deploy/support/stages-on-disk.ts: ${step}`);
}
