/**
 * `marquee start` (what `npm start` runs): the whole service on the embedded defaults. On the first
 * start it imports the bundled data set and trains a first model; see run-service.ts.
 */
import type { Command } from 'commander';
import { registerServiceCommand } from './run-service.ts';

export function registerStartCommand(program: Command): void {
  registerServiceCommand(
    program,
    'start',
    'run the whole service: import the bundled data into an empty database, train a first model when there is no champion, serve the API, docs, metrics and tracking server',
    { initialTraining: true },
  );
}
