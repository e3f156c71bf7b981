/**
 * The `marquee` command line. Each command lives in its own `commands/<name>.command.ts` and is
 * registered here. A command's module is loaded only when that command is named on the command line
 * (every one for `--help`, `help` or anything else), so that `marquee evaluate` starts without the
 * modules of the service, the pipeline or the drift check.
 *
 * Errors carrying an HTTP-like `status` are expected failures: their message is printed alone, with
 * exit code 2 for bad input (4xx) and 1 otherwise. Anything else is a bug and is printed with its
 * stack, exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

type Register = (program: Command) => void;

/** Command name → its module's register function; the order is the order of `--help`. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  import: async () => (await import('./commands/import.command.ts')).registerImportCommand,
  stats: async () => (await import('./commands/stats.command.ts')).registerStatsCommand,
  start: async () => (await import('./commands/start.command.ts')).registerStartCommand,
  serve: async () => (await import('./commands/serve.command.ts')).registerServeCommand,
  evaluate: async () => (await import('./commands/evaluate.command.ts')).registerEvaluateCommand,
  train: async () => (await import('./commands/train.command.ts')).registerTrainCommand,
  model: async () => (await import('./commands/model.command.ts')).registerModelCommand,
  drift: async () => (await import('./commands/drift.command.ts')).registerDriftCommand,
};

async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('marquee')
    .description('Movie recommendations with the whole MLOps loop built in')
    .version(version)
    .exitOverride();
  const named = argv[2];
  const chosen = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const registers = await Promise.all(chosen.map((name) => COMMANDS[name]()));
  for (const register of registers) register(program);
  return program;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    console.error(`marquee: ${(error as Error).message}`);
    return status >= 400 && status < 500 ? 2 : 1;
  }
  console.error(error);
  return 1;
}

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}
