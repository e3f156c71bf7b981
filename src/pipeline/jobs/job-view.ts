/** A training job as the API and `marquee train --json` show it. */
import type { CandidateScores } from '../evaluate-candidates.ts';
import type { CandidateOutcome } from '../training.pipeline.ts';
import type { JobState, TrainingJobRow, TrainingTrigger } from './training-jobs.repository.ts';

/** A candidate as the API shows it: its cross-validation scores, named, with its tracking run. */
export interface CandidateView extends CandidateScores {
  name: string;
  algorithm: string;
  params: Record<string, number | string | boolean>;
  run_id: string;
}

export interface TrainingJobView {
  job_id: string;
  state: JobState;
  trigger: TrainingTrigger;
  force: boolean;
  step: string;
  /** Percent, 0 to 100. */
  progress: number;
  candidates: CandidateView[];
  decision: 'promoted' | 'rejected' | null;
  reason: string | null;
  model: { name: string; version: string } | null;
  /** The parent MLflow run. */
  run_id: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string;
}

export function candidateView(c: CandidateOutcome): CandidateView {
  return { name: c.name, algorithm: c.algo, params: c.params, run_id: c.runId, ...c.cv };
}

export function jobView(row: TrainingJobRow): TrainingJobView {
  return {
    job_id: row.job_id,
    state: row.state,
    trigger: row.trigger,
    force: row.force,
    step: row.step,
    progress: Number(row.progress),
    candidates: row.candidates as CandidateView[],
    decision: row.decision,
    reason: row.reason,
    model: row.model_name !== null && row.model_version !== null ? { name: row.model_name, version: row.model_version } : null,
    run_id: row.run_id,
    error: row.error,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    heartbeat_at: row.heartbeat_at.toISOString(),
  };
}
