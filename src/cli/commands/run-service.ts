/**
 * What `marquee start` and `marquee serve` share: the whole service (api/open-service.ts) in the
 * foreground. Configuration is checked before anything is opened (exit code 2 through main's error
 * handling). Then: the bundled data set is imported into an empty database, the server listens, its
 * URLs are printed, and `start` trains a first model in the background when the registry has no
 * champion (cold-start answers meanwhile; the model serves as soon as it is promoted). SIGTERM or
 * SIGINT stops taking requests, lets the running ones finish, and closes everything.
 *
 * Without MARQUEE_API_KEY the server listens on the loopback interface only (api/listen-address.ts).
 */
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError, type Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { ListenPlan } from '../../api/listen-address.ts';
import type { MarqueeService } from '../../api/open-service.ts';
import type { TrainingEvent } from '../../pipeline/training.pipeline.ts';
import { formatStats } from './stats.command.ts';

/** Longer than any request should take; past it a stuck connection must not keep the process alive. */
const SHUTDOWN_GRACE_MS = 10_000;

interface ListenOptions {
  port?: number;
  host?: string;
}

export function registerServiceCommand(program: Command, name: string, description: string, behaviour: { initialTraining: boolean }): void {
  program
    .command(name)
    .description(description)
    .option('--port <n>', 'port to listen on, 0 for any free one (default PORT, 8000)', portNumber)
    .option('--host <address>', 'interface to listen on (default HOST, 127.0.0.1)')
    .action(async (options: ListenOptions) => {
      process.exitCode = await runService(name, options, behaviour);
    });
}

async function runService(name: string, options: ListenOptions, behaviour: { initialTraining: boolean }): Promise<number> {
  // Loaded here, not at the top: the service (Fastify, database drivers, S3) costs a second or more
  // to load, which every other command and --help would pay otherwise.
  const [{ planListen }, { openService, readServiceSettings }, { TRACKING_PREFIX }, { bootstrapData }, { readStats }, { formatSummary, importProgress }] =
    await Promise.all([
      import('../../api/listen-address.ts'),
      import('../../api/open-service.ts'),
      import('../../api/plugins/external/tracking-server.ts'),
      import('../../data/bootstrap.ts'),
      import('../../data/stats.ts'),
      import('../progress.ts'),
    ]);
  const settings = await readServiceSettings();
  const plan = planListen(options.host ?? settings.config.host, settings.config.apiKey);
  const port = options.port ?? settings.config.port;

  // Listened for from the start: a signal during the import still ends in an orderly shutdown.
  let received: NodeJS.Signals | undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const on = (name: NodeJS.Signals) => resolve((received = name));
    process.once('SIGTERM', on);
    process.once('SIGINT', on);
  });

  const service = await openService(settings);
  try {
    const progress = importProgress();
    const summary = await bootstrapData(service.db, settings.config, { onEvent: progress.onEvent }).finally(() => progress.stop());
    if (summary) {
      const written = summary.tables.find((t) => t.table === 'ratings');
      service.metrics.recordRatings('movielens', written ? written.inserted + written.updated : 0);
      console.log(`${formatSummary(summary)}\n${formatStats(await readStats(service.db))}`);
    }
  } catch (error) {
    await service.close();
    throw error;
  }
  if (received) return shutDown(name, received, service);
  try {
    await service.app.listen({ host: plan.host, port });
  } catch (error) {
    await service.close();
    console.error(`marquee ${name}: cannot listen on ${plan.host}:${port}: ${(error as Error).message}`);
    return 1;
  }
  printUrls(service.app, plan, settings.config.mlflowTrackingUri === undefined ? TRACKING_PREFIX : undefined);
  if (behaviour.initialTraining) void trainFirstModel(service, () => received !== undefined);
  return shutDown(name, await signal, service);
}

async function shutDown(name: string, signal: NodeJS.Signals, service: MarqueeService): Promise<number> {
  console.log(`${signal}: shutting down`);
  const force = setTimeout(() => {
    console.error(`marquee ${name}: still busy ${SHUTDOWN_GRACE_MS} ms after the signal; exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  await service.close(); // the HTTP server first, the database last
  return 0;
}

/** Trains and promotes a first model when there is no champion; failures are reported, never fatal. */
async function trainFirstModel(service: MarqueeService, stopping: () => boolean): Promise<void> {
  const { registry, jobs } = service.training;
  try {
    if (await registry.champion()) return;
    console.log(`No champion for ${registry.name} yet: training the first model (cold-start recommendations meanwhile)`);
    const started = await jobs.start({ trigger: 'cli', onEvent: printStep });
    const end = await started.done;
    if (end.outcome?.model) {
      await service.models.refresh({ retryFailed: true });
      const serving = service.models.current();
      console.log(`Trained ${end.outcome.best}: ${end.outcome.reason}`);
      console.log(serving ? `Serving ${serving.name} v${serving.version}` : 'The new model could not be loaded; see the log');
    } else if (stopping()) {
      console.error(`The first training job ${started.jobId} was interrupted by the shutdown`);
    } else {
      console.error(`The first training job ${started.jobId} did not promote a model: ${end.error ?? end.job?.reason ?? 'unknown reason'}`);
    }
  } catch (error) {
    if (!stopping()) console.error(`The first training could not run: ${(error as Error).message}`);
  }
}

function printStep(event: TrainingEvent): void {
  if (event.type === 'step') process.stderr.write(`training [${String(event.progress).padStart(3)}%] ${event.step}: ${event.message}\n`);
}

/** `trackingPrefix`: the embedded tracking server's path, when this process serves one. */
function printUrls(app: FastifyInstance, plan: ListenPlan, trackingPrefix: string | undefined): void {
  const host = plan.host.includes(':') ? `[${plan.host}]` : plan.host;
  const base = `http://${host}:${(app.server.address() as AddressInfo).port}`;
  console.log(`Marquee API  ${base}/`);
  console.log(`API docs     ${base}/docs (OpenAPI document: ${base}/openapi.json)`);
  console.log(`Metrics      ${base}/metrics`);
  if (trackingPrefix !== undefined) console.log(`MLflow       MLFLOW_TRACKING_URI=${base}${trackingPrefix}`);
  console.log(plan.notice);
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}
