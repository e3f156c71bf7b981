/**
 * Rollback: `champion` goes back to `previous` (see registry.ts for how `previous` then moves).
 * Refused while a training job is active, since that job may be about to move the aliases itself,
 * and refused when the previous version's model file does not load intact: a rollback must never
 * put a broken model into service.
 */
import type { Queryable } from '../data/db/database.ts';
import type { ChampionEvents } from './champion-events.ts';
import { RollbackError } from './errors.ts';
import { TrainingJobsRepository } from './jobs/training-jobs.repository.ts';
import { loadModelVersion } from './model-artifacts.ts';
import type { ModelRegistry, Rollback } from './registry.ts';

export async function rollbackChampion(db: Queryable, registry: ModelRegistry, events?: ChampionEvents): Promise<Rollback> {
  const active = await new TrainingJobsRepository(db).active();
  if (active) throw new RollbackError(`training job ${active.job_id} is ${active.state}; roll back once it has finished`);
  const target = await registry.previous();
  if (target) {
    try {
      await loadModelVersion(registry.client, target);
    } catch (error) {
      throw new RollbackError(`cannot roll back to v${target.version}: ${(error as Error).message}`);
    }
  }
  const rollback = await registry.rollback();
  events?.notify({ name: registry.name, version: rollback.to, replaced: rollback.from, cause: 'rolled-back' });
  return rollback;
}
