/**
 * The container image, without a container engine: the Dockerfile's runtime stage is reproduced in
 * a folder (support/stages-on-disk.ts) and started with the image's own command, environment and
 * user, on the embedded defaults. That shows the production dependencies suffice, the health check
 * the engine would run passes and then fails once the service is gone, and SIGTERM (`docker stop`)
 * ends the service with exit code 0 within the engine's default grace period.
 * test/api/start.e2e.test.ts covers what `start` then does (training, serving a model).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import {
  DOCKERIGNORE,
  containerCommand,
  instructions,
  lastInstruction,
  readDockerfile,
  stageEnv,
  stageHealthCheck,
  stageUser,
} from './support/dockerfile.ts';
import { freePort } from './support/prometheus-server.ts';
import { buildStagesOnDisk, runCommand } from './support/stages-on-disk.ts';

const stages = readDockerfile();
const runtime = stages.at(-1)!;
const env = stageEnv(runtime);
const user = stageUser(runtime);

/** `docker stop` sends the stop signal, then SIGKILL after this long unless told otherwise. */
const DOCKER_STOP_TIMEOUT_MS = 10_000;

describe('Dockerfile', () => {
  test('the runtime stage runs node itself as PID 1, as a non-root user, with its state in a volume', () => {
    assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
    assert.equal(runtime.image, 'node:24-bookworm-slim');
    const command = containerCommand(runtime);
    assert.equal(command[0], 'node', 'no shell or npm between the engine and node: node must get SIGTERM');
    assert.notEqual(user.uid, 0);
    assert.equal(lastInstruction(runtime, 'STOPSIGNAL').args, 'SIGTERM');
    assert.equal(env.HOST, '0.0.0.0', 'reachable through the published port');
    assert.deepEqual(instructions(runtime, 'VOLUME').map((v) => v.args), [env.MARQUEE_HOME]);
    assert.deepEqual(instructions(runtime, 'EXPOSE').map((e) => e.args), [env.PORT]);
    assert.equal(stageHealthCheck(runtime).command[0], 'node', 'the slim image has no curl');
  });

  test('.dockerignore lets in exactly what the COPY instructions take from the build context', async () => {
    const lines = (await readFile(DOCKERIGNORE, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    assert.equal(lines[0], '*', 'everything is left out unless let in below');
    const letIn = lines.slice(1).map((l) => {
      assert.match(l, /^!/, `${l}: after *, only exceptions`);
      return l.slice(1).replace(/\/$/, '');
    });
    const copied = stages.flatMap((s) =>
      instructions(s, 'COPY')
        .filter((c) => c.flags.from === undefined)
        .flatMap((c) => c.args.split(/\s+/).slice(0, -1)),
    );
    assert.deepEqual([...new Set(copied)].sort(), [...letIn].sort());
  });
});

describe('the runtime stage reproduced on disk', () => {
  let root: string;
  let service: ChildProcess | undefined;
  after(async () => {
    if (service && service.exitCode === null && service.signalCode === null) service.kill('SIGKILL');
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('starts with production dependencies only, passes its health check, exits 0 on SIGTERM', { timeout: 240_000 }, async (t) => {
    root = await mkdtemp(join(tmpdir(), 'marquee-image-'));
    await chmod(root, 0o755); // the service's user must reach the code, as in the image
    const { dirs, owners } = await buildStagesOnDisk(stages, root);
    const app = dirs.get(runtime.name)!;

    // Every package the compiled code imports is a declared production dependency (not one that
    // happens to be installed as a dependency's dependency) and resolves in the production install.
    const { dependencies } = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const specifiers = new Set<string>();
    for (const file of (await readdir(join(app, 'dist'), { recursive: true })).filter((f) => f.endsWith('.js'))) {
      for (const specifier of await bareImports(join(app, 'dist', file))) {
        assert.ok(packageName(specifier) in dependencies, `dist/${file} imports ${specifier}, not a production dependency`);
        specifiers.add(specifier);
      }
    }
    assert.ok(specifiers.has('fastify'), `found the imports: ${[...specifiers].join(', ')}`);
    const resolved = await runCommand('node', ['--input-type=module', '-e', 'for (const s of JSON.parse(process.argv[1])) import.meta.resolve(s)', JSON.stringify([...specifiers])], app);
    assert.equal(resolved.status, 0, resolved.output);

    // MARQUEE_HOME: the image's volume, handed to the image's user; here a folder of the same owner.
    assert.equal(owners.get(env.MARQUEE_HOME), `${user.uid}:${user.gid}`, 'the state directory belongs to USER');
    const home = join(root, 'home');
    await mkdir(home);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chown(home, user.uid, user.gid);
    else t.diagnostic(`not root: the service runs as ${process.getuid?.()}, not as USER ${user.uid}`);
    const identity = asRoot ? user : {};

    const port = await freePort();
    const serviceEnv = { PATH: process.env.PATH!, HOME: home, ...env, MARQUEE_HOME: home, PORT: String(port), MARQUEE_API_KEY: randomBytes(16).toString('hex'), LOG_LEVEL: 'warn' };
    const [command, ...args] = containerCommand(runtime);
    const child = spawn(command, args, { cwd: app, env: serviceEnv, ...identity, stdio: ['ignore', 'pipe', 'pipe'] });
    service = child;
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const [probe, ...probeArgs] = stageHealthCheck(runtime).command;
    const healthy = () =>
      new Promise<number | null>((resolve, reject) =>
        spawn(probe, probeArgs, { cwd: app, env: serviceEnv, ...identity, stdio: 'ignore' }).once('exit', resolve).once('error', reject),
      );
    const deadline = Date.now() + 120_000;
    while ((await healthy()) !== 0) {
      assert.equal(child.exitCode, null, `the service exited before it was healthy:\n${output}`);
      assert.ok(Date.now() < deadline, `not healthy after 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(output, new RegExp(`Marquee API\\s+http://0\\.0\\.0\\.0:${port}/`), 'listens on HOST of the image');

    const stopping = Date.now();
    child.kill(lastInstruction(runtime, 'STOPSIGNAL').args as NodeJS.Signals);
    assert.equal(await exited, 0, output);
    const stoppedIn = Date.now() - stopping;
    t.diagnostic(`stopped ${stoppedIn} ms after SIGTERM`);
    assert.ok(stoppedIn < DOCKER_STOP_TIMEOUT_MS, `took ${stoppedIn} ms: docker stop would have killed it`);
    assert.notEqual(await healthy(), 0, 'the health check fails once the service is gone');
  });
});

/** The packages a module imports, statically or with import() (`pg`, `@aws-sdk/client-s3`), Node's own left out. */
async function bareImports(file: string): Promise<string[]> {
  const { importedFiles } = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
  return importedFiles.map((f) => f.fileName).filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

