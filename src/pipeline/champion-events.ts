/**
 * Tells whoever serves models that the champion changed, the moment it changes in this process
 * (a training job promoted a version, or a rollback moved the alias back), so the serving layer
 * reloads at once instead of waiting for its next look at the registry.
 */
import { EventEmitter } from 'node:events';

export interface ChampionChange {
  name: string;
  /** The new champion. */
  version: string;
  /** The version it replaced. */
  replaced: string | undefined;
  cause: 'promoted' | 'rolled-back';
  /** The training job that promoted it. */
  jobId?: string;
}

export class ChampionEvents extends EventEmitter<{ changed: [ChampionChange] }> {
  /** A listener that throws must not make the promotion look failed: its error is reported apart. */
  notify(change: ChampionChange): void {
    for (const listener of this.listeners('changed')) {
      try {
        listener(change);
      } catch (error) {
        process.emitWarning(`a champion-changed listener failed: ${(error as Error).message}`);
      }
    }
  }
}
