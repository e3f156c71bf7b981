/**
 * Every schema migration, in the order it is applied. Append new ones at the end with the next
 * version; never edit or renumber one that has shipped (the migrator refuses a renamed version).
 */
import core from './0001-core.ts';
import tracking from './0002-tracking.ts';
import trainingJobs from './0003-training-jobs.ts';
import trainingTriggers from './0004-training-triggers.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'tracking', sql: tracking },
  { version: 3, name: 'training-jobs', sql: trainingJobs },
  { version: 4, name: 'training-triggers', sql: trainingTriggers },
];
