/**
 * The seam between serving and the model lifecycle: the API only asks "which model serves now?".
 * `ModelLifecycle` (model-lifecycle.ts) implements `ModelHolder` over the registry's champion; a
 * test may hand in any holder, and `noModel` answers that nothing is loaded, so every request takes
 * the cold-start path.
 *
 * A request calls `current()` once and keeps the reference: a swap replaces the holder's reference,
 * never the model object, so a request in flight finishes on the model it started with.
 */
import type { AlgoBase } from '../engine/prediction-algorithms/algo-base.ts';

export interface ServingModel {
  /** Registered name and version, echoed in every personalized response. */
  name: string;
  version: string;
  /** The fitted algorithm; its trainset decides which users are "known". */
  algorithm: AlgoBase;
  /** The RMSE recorded with the version (held-out, else cross-validated); undefined when unknown. */
  rmse?: number;
}

export interface ModelHolder {
  current(): ServingModel | null;
}

export const noModel: ModelHolder = { current: () => null };
