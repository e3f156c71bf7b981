/**
 * `marquee serve`: the same service as `marquee start`, without training a first model — for a
 * deployment where training runs elsewhere (`marquee train`, a scheduler, another replica) and this
 * process only serves whatever champion the registry has. See run-service.ts.
 */
import type { Command } from 'commander';
import { registerServiceCommand } from './run-service.ts';

export function registerServeCommand(program: Command): void {
  registerServiceCommand(
    program,
    'serve',
    'serve the HTTP API (recommendations, catalogue, ratings, training, registry, monitoring) with its docs at /docs, without training a first model',
    { initialTraining: false },
  );
}
