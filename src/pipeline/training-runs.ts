/**
 * How a training run appears in MLflow: one parent run per pipeline run (settings as params, the
 * data fingerprint and the decision as tags), and one child run per candidate (its algorithm and
 * parameters; metrics `rmse`, `mae` — cross-validation means —, `fold_rmse` one step per fold,
 * `precision_at_10`, `ndcg_at_10`, `fit_seconds`; the best one also `holdout_rmse`, `holdout_mae`).
 */
import type { MlflowClient, Tags } from '../tracking/mlflow-client.ts';
import { MlflowError } from '../tracking/mlflow-error.ts';
import type { Metric, Run, RunInfo } from '../tracking/protocol/entities.ts';
import type { CandidateResult } from './evaluate-candidates.ts';
import type { TrainingSettings } from './training.config.ts';

/** Tags on the parent run. */
export const RUN_TAGS = {
  jobId: 'marquee.job_id',
  trigger: 'marquee.trigger',
  force: 'marquee.force',
  forced: 'marquee.forced',
  best: 'marquee.best_candidate',
  decision: 'marquee.decision',
  reason: 'marquee.decision_reason',
  modelVersion: 'marquee.model_version',
  error: 'marquee.error',
  candidate: 'marquee.candidate',
} as const;

export class TrainingRuns {
  private constructor(
    readonly client: MlflowClient,
    readonly experimentId: string,
  ) {}

  /** The experiment, created on first use (tolerating another process creating it at the same moment). */
  static async open(client: MlflowClient, experimentName: string): Promise<TrainingRuns> {
    let experiment = await client.getExperimentByName(experimentName);
    if (!experiment) {
      try {
        return new TrainingRuns(client, await client.createExperiment(experimentName, { 'marquee.purpose': 'training pipeline' }));
      } catch (error) {
        if (!(error instanceof MlflowError && error.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw error;
        experiment = await client.getExperimentByName(experimentName);
        if (!experiment) throw error;
      }
    }
    return new TrainingRuns(client, experiment.experiment_id);
  }

  async startParent(settings: TrainingSettings, tags: Tags): Promise<Run> {
    const run = await this.client.createRun({ experimentId: this.experimentId, runName: `training-${new Date().toISOString()}`, tags });
    const f = settings.filters;
    await this.client.logBatch(run.info.run_id, {
      params: {
        candidates: settings.candidates.map((c) => c.name).join(','),
        folds: settings.folds,
        holdout: settings.holdout,
        seed: settings.seed,
        margin: settings.margin,
        jobs: settings.jobs,
        min_user_ratings: f.minUserRatings,
        min_movie_ratings: f.minMovieRatings,
        from: f.from?.toISOString() ?? '',
        to: f.to?.toISOString() ?? '',
        sample: f.sample ?? '',
      },
    });
    return run;
  }

  /** One finished child run with the candidate's cross-validation results. */
  async logCandidate(parentRunId: string, result: CandidateResult, tags: Tags): Promise<RunInfo> {
    const run = await this.client.createRun({
      experimentId: this.experimentId,
      runName: result.name,
      parentRunId,
      tags: { ...tags, [RUN_TAGS.candidate]: result.name },
    });
    const now = Date.now();
    const metric = (key: string, value: number, step = 0): Metric => ({ key, value, step, timestamp: now });
    const { cv } = result;
    await this.client.logBatch(run.info.run_id, {
      params: { algorithm: result.algo, ...result.params, ...(result.searchPoints === undefined ? {} : { search_points: result.searchPoints }) },
      metrics: [
        metric('rmse', cv.rmse),
        metric('mae', cv.mae),
        metric('precision_at_10', cv.precision_at_10),
        metric('ndcg_at_10', cv.ndcg_at_10),
        metric('fit_seconds', cv.fit_seconds),
        ...cv.fold_rmse.map((value, fold) => metric('fold_rmse', value, fold)),
      ],
    });
    return this.client.finishRun(run.info.run_id, 'FINISHED');
  }

  async logHoldout(runId: string, scores: { rmse: number; mae: number }): Promise<void> {
    const timestamp = Date.now();
    await this.client.logBatch(runId, {
      metrics: [
        { key: 'holdout_rmse', value: scores.rmse, step: 0, timestamp },
        { key: 'holdout_mae', value: scores.mae, step: 0, timestamp },
      ],
    });
  }

  async tag(runId: string, tags: Tags): Promise<void> {
    await this.client.logBatch(runId, { tags });
  }

  async finish(runId: string, tags: Tags): Promise<void> {
    await this.tag(runId, tags);
    await this.client.finishRun(runId, 'FINISHED');
  }

  /** Best effort: when tracking itself is what failed, this fails too, and the job record still says why. */
  async fail(runId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.tag(runId, { [RUN_TAGS.error]: message.slice(0, 5000) });
    } catch {
      // Keep going: marking the run FAILED matters more than the tag.
    }
    await this.client.finishRun(runId, 'FAILED').catch(() => {});
  }
}
