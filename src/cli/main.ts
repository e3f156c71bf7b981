/**
 * The `marquee` command line. Each command lives in its own `commands/<name>.command.ts` and is
 * registered here. Errors carrying an HTTP-like `status` are expected failures: their message
 * is printed alone, with exit code 2 for bad input (4xx) and 1 otherwise. Anything else is a bug
 * and is printed with its stack, exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { registerDriftCommand } from './commands/drift.command.ts';
import { registerEvaluateCommand } from './commands/evaluate.command.ts';
import { registerImportCommand } from './commands/import.command.ts';
import { registerStartCommand } from './commands/start.command.ts';
import { registerStatsCommand } from './commands/stats.command.ts';
import { registerServeCommand } from './commands/serve.command.ts';
import { registerTrainCommand } from './commands/train.command.ts';
import { registerModelCommand } from './commands/model.command.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function buildProgram(): Command {
  const program = new Command('marquee')
    .description('Movie recommendations with the whole MLOps loop built in')
    .version(version)
    .exitOverride();
  registerImportCommand(program);
  registerStatsCommand(program);
  registerStartCommand(program);
  registerServeCommand(program);
  registerEvaluateCommand(program);
  registerTrainCommand(program);
  registerModelCommand(program);
  registerDriftCommand(program);
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
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}
