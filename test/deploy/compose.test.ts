/**
 * deploy/docker-compose.yml and deploy/.env.example, checked as Compose reads them
 * (`docker-compose config`, no container engine needed): it accepts the example, refuses to start
 * without each secret, publishes only what it should on 127.0.0.1, wires the API replicas to the
 * stack's services with settings Marquee accepts, mounts the Grafana and Prometheus files where they
 * are looked for, and its one-shot PostgreSQL step does what it says on a real server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { planListen } from '../../src/api/listen-address.ts';
import { readServiceSettings } from '../../src/api/open-service.ts';
import { dropTestDatabase, postgresUnavailable, testServerUrl } from '../support/postgres-server.ts';
import { runCompose, skipWithoutCompose } from './support/compose-cli.ts';
import { parseComposeConfig, type Service } from './support/compose-config.ts';
import { DEPLOY_DIR, GRAFANA_DIR, PROMETHEUS_CONFIG, readYaml, type PrometheusConfig } from './support/deploy-files.ts';
import { REPO_ROOT, containerCommand, readDockerfile, stageEnv } from './support/dockerfile.ts';
import { runTool, skipWithout } from './support/tools.ts';

const COMPOSE_FILE = `${DEPLOY_DIR}docker-compose.yml`;
const ENV_EXAMPLE = `${DEPLOY_DIR}.env.example`;

const composeText = readFileSync(COMPOSE_FILE, 'utf8');
const composeBody = composeText.replace(/^\s*#.*$/gm, ''); // YAML comments are not read by Compose
/** Every variable the compose file reads (`$${...}` is an escaped dollar for the container's shell). */
const used = new Set([...composeBody.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*)/g)].map((m) => m[1]));
const required = new Set([...composeBody.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*):\?/g)].map((m) => m[1]));

const exampleLines = readFileSync(ENV_EXAMPLE, 'utf8').split('\n');
const example = new Map(
  exampleLines.flatMap((line) => {
    const match = /^([A-Za-z_]\w*)=(.*)$/.exec(line);
    return match ? [[match[1], match[2]] as const] : [];
  }),
);

const image = readDockerfile().at(-1)!;
const imageEnv = stageEnv(image);

const postgresProblem = (await postgresUnavailable()) ?? (spawnSync('psql', ['--version']).error ? 'psql not found on PATH' : undefined);

describe('deploy/.env.example', () => {
  test('holds every variable the compose file reads, each under a comment of its own', () => {
    assert.deepEqual([...used].filter((name) => !example.has(name)), [], 'missing from .env.example');
    // COMPOSE_PROJECT_NAME is read by Compose itself, not by the file.
    assert.deepEqual([...example.keys()].filter((name) => !used.has(name) && name !== 'COMPOSE_PROJECT_NAME'), [], 'not used by the compose file');
    exampleLines.forEach((line, i) => {
      if (/^\w+=/.test(line)) assert.match(exampleLines[i - 1] ?? '', /^# \S/, `${line.split('=')[0]} needs a comment above it`);
    });
  });

  test('every secret is required by the compose file and only a change-me placeholder in the example', () => {
    const secretLike = [...used].filter((name) => /PASSWORD|SECRET|_KEY$/.test(name));
    assert.ok(secretLike.length >= 3, `found ${secretLike.join(', ')}`);
    assert.deepEqual(secretLike.filter((name) => !required.has(name)), [], 'secrets without ${NAME:?message}');
    const placeholders = [...example].filter(([, value]) => value.startsWith('change-me-')).map(([name]) => name);
    assert.deepEqual(placeholders.sort(), [...required].sort());
    // A required variable with a fallback anywhere would quietly start with it there.
    for (const name of required) {
      const uses = [...composeBody.matchAll(new RegExp(`(?<!\\$)\\$\\{${name}([^}]*)\\}`, 'g'))].map((m) => m[1]);
      assert.ok(uses.every((rest) => rest.startsWith(':?')), `${name} is used as ${uses.join(', ')}`);
    }
  });

  test('no credential is written into the compose file itself', () => {
    const findings: string[] = [];
    const VARIABLE = '\u0000';
    const visit = (value: unknown, key: string) => {
      if (typeof value === 'string') {
        const masked = value.replace(/(?<!\$)\$\{[^}]*\}/g, VARIABLE);
        if (/(PASSWORD|SECRET|_KEY|ACCESS_KEY_ID|_USER)$/.test(key) && masked !== VARIABLE) findings.push(`${key}: ${value}`);
        const password = /:\/\/[^/@]*:([^/@]*)@/.exec(masked)?.[1];
        if (password !== undefined && password !== VARIABLE) findings.push(`${key}: ${value}`);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) visit(v, k);
      }
    };
    visit(parse(composeText), '');
    assert.deepEqual(findings, []);
  });
});

describe('docker-compose config', { skip: skipWithoutCompose() }, () => {
  let dir: string;
  let stack: Map<string, Service>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marquee-compose-'));
    const result = await config();
    assert.equal(result.status, 0, `the values of .env.example are refused:\n${result.output}`);
    stack = result.services;
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `config` with the example's values, changed by `changes` (undefined removes a variable). */
  async function config(changes: Record<string, string | undefined> = {}) {
    const values = new Map(example);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) values.delete(name);
      else values.set(name, value);
    }
    const envFile = join(dir, `${randomBytes(4).toString('hex')}.env`);
    await writeFile(envFile, [...values].map(([name, value]) => `${name}=${value}`).join('\n'));
    const result = runCompose(COMPOSE_FILE, envFile, ['config']);
    return { ...result, services: result.status === 0 ? parseComposeConfig(result.stdout) : new Map<string, Service>() };
  }

  const service = (name: string) => {
    const found = stack.get(name);
    assert.ok(found, `no service ${name}`);
    return found;
  };
  const replicas = () => [...stack].filter(([, s]) => s.build).map(([name]) => name);

  test('accepts the file with the values of .env.example', () => {
    assert.deepEqual(
      [...stack.keys()].sort(),
      ['grafana', 'marquee-1', 'marquee-2', 'minio', 'minio-init', 'mlflow', 'postgres', 'postgres-init', 'prometheus'],
    );
  });

  test('refuses to start without a required secret, naming it', async () => {
    for (const name of required) {
      const result = await config({ [name]: undefined });
      assert.notEqual(result.status, 0, `accepted without ${name}`);
      assert.match(result.output, new RegExp(`set ${name} in deploy/\\.env`));
    }
  });

  test('publishes only the API replicas, Grafana and the MLflow UI, on 127.0.0.1 unless told otherwise', async () => {
    const published = (services: Map<string, Service>) =>
      [...services].flatMap(([name, s]) => s.ports.map((p) => [name, p.hostIp, p.published, p.target])).sort();
    const expected = [
      ['grafana', '127.0.0.1', 3000, 3000],
      ['marquee-1', '127.0.0.1', 8000, Number(imageEnv.PORT)],
      ['marquee-2', '127.0.0.1', 8001, Number(imageEnv.PORT)],
      ['mlflow', '127.0.0.1', 5000, 5000],
    ];
    assert.deepEqual(published(stack), expected);
    const withoutBindAddress = await config({ BIND_ADDRESS: undefined });
    assert.equal(withoutBindAddress.status, 0, withoutBindAddress.output);
    assert.deepEqual(published(withoutBindAddress.services), expected);
  });

  test("the API replicas run the image of ../Dockerfile, on the stack's PostgreSQL, MinIO and MLflow", async () => {
    assert.deepEqual(replicas(), ['marquee-1', 'marquee-2']);
    for (const name of replicas()) {
      const replica = service(name);
      assert.deepEqual(replica.build, { context: REPO_ROOT.replace(/\/$/, ''), dockerfile: 'Dockerfile' });
      // What Marquee reads at start: the image's environment with the service's on top.
      const settings = await readServiceSettings({ ...imageEnv, ...replica.environment });
      const { config: marquee } = settings;
      assert.doesNotThrow(() => planListen(marquee.host, marquee.apiKey), 'listens on every interface with a key');
      assert.equal(new URL(marquee.databaseUrl!).host, 'postgres:5432');
      assert.equal(new URL(marquee.s3.endpoint!).host, 'minio:9000');
      assert.equal(marquee.s3.forcePathStyle, true);
      assert.equal(marquee.s3.accessKeyId, service('minio').environment.MINIO_ROOT_USER);
      assert.equal(new URL(marquee.mlflowTrackingUri!).host, 'mlflow:5000');
    }
    assert.deepEqual(service('mlflow').command?.join(' ').match(/--port (\d+)/)?.[1], '5000');
    assert.equal(service('postgres').environment.POSTGRES_DB, new URL(service('marquee-1').environment.DATABASE_URL).pathname.slice(1));
  });

  test('marquee-1 runs `start` and the scheduler; marquee-2 only serves', async () => {
    const result = await config({ DRIFT_SCHEDULE: '0 * * * *', TRAINING_SCHEDULE: '0 3 * * 0', RETRAIN_ON_DRIFT: 'true' });
    assert.equal(result.status, 0, result.output);
    const [first, second] = ['marquee-1', 'marquee-2'].map((name) => result.services.get(name)!);
    const scheduler = async (s: Service) => (await readServiceSettings({ ...imageEnv, ...s.environment })).scheduler;
    assert.deepEqual(await scheduler(first), { driftSchedule: '0 * * * *', trainingSchedule: '0 3 * * 0', retrainOnDrift: true });
    assert.deepEqual(await scheduler(second), { driftSchedule: undefined, trainingSchedule: undefined, retrainOnDrift: false });
    assert.equal(first.command, undefined, "the image's own command");
    assert.equal(containerCommand(image).at(-1), 'start');
    assert.deepEqual(second.command, ['serve']);
  });

  test('start order: every awaited health check exists, one-shot steps finish before their users', () => {
    const imageHasHealthCheck = image.instructions.some((i) => i.keyword === 'HEALTHCHECK');
    for (const [name, s] of stack) {
      for (const [dependency, condition] of Object.entries(s.dependsOn)) {
        const target = service(dependency);
        if (condition === 'service_healthy') {
          assert.ok(target.healthcheck || (target.build && imageHasHealthCheck), `${name} waits for ${dependency} to be healthy, which has no health check`);
        } else {
          assert.equal(condition, 'service_completed_successfully', `${name} → ${dependency}`);
          assert.ok(target.restart === undefined || target.restart === 'no', `${dependency} is awaited to finish but restarts`);
        }
      }
    }
    // The second replica starts once the first has imported the bundled data set and listens.
    assert.equal(service('marquee-2').dependsOn['marquee-1'], 'service_healthy');
  });

  test('Grafana mounts the provisioning and the dashboards where the provisioning files look for them', () => {
    const grafana = service('grafana');
    const mountOf = (source: string) => grafana.volumes.find((v) => v.source === source.replace(/\/$/, ''));
    const provisioning = mountOf(`${GRAFANA_DIR}provisioning`);
    assert.deepEqual(provisioning && { target: provisioning.target, readOnly: provisioning.readOnly }, { target: '/etc/grafana/provisioning', readOnly: true });
    const provider = readYaml(`${GRAFANA_DIR}provisioning/dashboards/marquee.yml`) as { providers: { options: { path: string } }[] };
    const dashboards = mountOf(`${GRAFANA_DIR}dashboards`);
    assert.deepEqual(dashboards && { target: dashboards.target, readOnly: dashboards.readOnly }, { target: provider.providers[0].options.path, readOnly: true });
    const { datasources } = readYaml(`${GRAFANA_DIR}provisioning/datasources/prometheus.yml`) as { datasources: { url: string }[] };
    const url = new URL(datasources[0].url);
    assert.equal(url.hostname, 'prometheus');
    assert.ok(stack.has(url.hostname));
    // Prometheus listens on its default port unless its command says otherwise.
    assert.equal(url.port, '9090');
    assert.ok(!service('prometheus').command?.some((arg) => arg.startsWith('--web.listen-address')));
  });

  test('Prometheus reads the compose scrape config: every API replica, and alerts.yml beside it', () => {
    const prometheus = service('prometheus');
    const configPath = prometheus.command?.find((arg) => arg.startsWith('--config.file='))?.slice('--config.file='.length);
    assert.ok(configPath, 'the command names the config file');
    const mounted = (target: string) => prometheus.volumes.find((v) => v.target === target)?.source;
    assert.equal(mounted(configPath), `${DEPLOY_DIR}prometheus/prometheus.compose.yml`);
    const composeConfig = readYaml(mounted(configPath)!) as PrometheusConfig;
    assert.deepEqual(
      composeConfig.scrape_configs.flatMap((s) => s.static_configs.flatMap((c) => c.targets)),
      replicas().map((name) => `${name}:${imageEnv.PORT}`),
    );
    // Same global settings and rules as prometheus.yml: Grafana's timeInterval is taken from it.
    const plain = readYaml(PROMETHEUS_CONFIG) as PrometheusConfig;
    assert.deepEqual([composeConfig.global, composeConfig.rule_files], [plain.global, plain.rule_files]);
    for (const ruleFile of composeConfig.rule_files) {
      assert.equal(mounted(posix.join(posix.dirname(configPath), ruleFile)), `${DEPLOY_DIR}prometheus/${ruleFile}`);
    }
  });

  test('promtool accepts the mounted Prometheus config and its rule file', { skip: skipWithout('promtool') }, () => {
    const { status, output } = runTool('promtool', ['check', 'config', `${DEPLOY_DIR}prometheus/prometheus.compose.yml`]);
    assert.equal(status, 0, output);
    assert.match(output, /SUCCESS: 1 rule files found/);
  });

  describe('postgres-init', () => {
    // Under CI=true a missing server fails the test instead, as in test/support/databases.ts.
    const skip = postgresProblem !== undefined && process.env.CI !== 'true' ? postgresProblem : false;
    const created: string[] = [];
    after(async () => {
      for (const url of created) await dropTestDatabase(url);
    });

    test("creates MLflow's database on the server, and leaves it be when it exists", { skip }, () => {
      assert.equal(postgresProblem, undefined);
      const init = service('postgres-init');
      const [shell, flag, script] = [...(init.entrypoint ?? []), ...(init.command ?? [])];
      assert.deepEqual([shell, flag], ['/bin/sh', '-c']);
      const mlflowStore = new URL(service('mlflow').environment.MLFLOW_BACKEND_STORE_URI);
      assert.equal(mlflowStore.host, 'postgres:5432');
      assert.equal(mlflowStore.pathname, `/${init.environment.MLFLOW_DATABASE}`);

      // The service's script on the test server, with a database name the cleanup may drop.
      const server = new URL(testServerUrl);
      const name = `marquee_t_${randomBytes(6).toString('hex')}`;
      const url = Object.assign(new URL(testServerUrl), { pathname: `/${name}` }).toString();
      created.push(url);
      const env = {
        PATH: process.env.PATH,
        PGHOST: server.hostname,
        PGPORT: server.port || '5432',
        PGUSER: decodeURIComponent(server.username),
        PGPASSWORD: decodeURIComponent(server.password),
        PGDATABASE: server.pathname.slice(1),
        MLFLOW_DATABASE: name,
      };
      const exists = () =>
        spawnSync('psql', ['-tAc', `SELECT count(*) FROM pg_database WHERE datname = '${name}'`], { env, encoding: 'utf8' }).stdout.trim();
      assert.equal(exists(), '0');
      for (const round of ['creates', 'finds it']) {
        const run = spawnSync(shell, [flag, script.replaceAll('$$', '$')], { env, encoding: 'utf8' });
        assert.equal(run.status, 0, `${round}: ${run.stdout}${run.stderr}`);
        assert.equal(exists(), '1', round);
      }
    });
  });
});
