/**
 * The training pipeline, end to end:
 *
 *   load (filters, sample) → hold out a seeded test split → cross-validate every candidate on the
 *   rest (worker threads; one MLflow child run each) → best by CV RMSE → score it and the champion
 *   on the held-out split → promote only if better by the margin, or with no champion, or forced →
 *   refit on all the data → model file + reference statistics uploaded and verified → model
 *   version registered with metrics and fingerprint tags → `champion` moves to it, `previous` to
 *   the old champion.
 *
 * Any failure marks the parent run FAILED and is rethrown. The aliases move last, after the model
 * file has been read back and loaded, so a failure anywhere leaves the champion as it was.
 */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../data/db/database.ts';
import { Trainset, createAlgorithm, writeModel } from '../engine/index.ts';
import type { MlflowClient } from '../tracking/mlflow-client.ts';
import type { RunInfo } from '../tracking/protocol/entities.ts';
import { decide, type ChampionScore, type Decision } from './champion.ts';
import { bestByRmse, evaluateCandidates, type CandidateResult } from './evaluate-candidates.ts';
import { fingerprint, fingerprintTags, type DataFingerprint } from './fingerprint.ts';
import { scoreOnHoldout, splitHoldout, type HoldoutScore, type HoldoutSplit } from './holdout.ts';
import { loadGenres, loadTrainingData, type TrainingData } from './load-data.ts';
import { MODEL_FILE, REFERENCE_STATS_FILE, storeModel } from './model-artifacts.ts';
import { computeReferenceStats } from './reference-stats.ts';
import { ModelRegistry, VERSION_TAGS, type RegisteredVersion } from './registry.ts';
import type { TrainingSettings } from './training.config.ts';
import { RUN_TAGS, TrainingRuns } from './training-runs.ts';
import type { TrainingTrigger } from './jobs/training-jobs.repository.ts';

const { version: ENGINE_VERSION } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export type TrainingStep = 'loading' | 'cross-validating' | 'comparing' | 'refitting' | 'uploading' | 'registering';

export interface CandidateOutcome extends CandidateResult {
  runId: string;
}

export type TrainingEvent =
  | { type: 'run'; runId: string }
  | { type: 'step'; step: TrainingStep; progress: number; message: string }
  | { type: 'candidates'; candidates: CandidateOutcome[] };

export interface TrainingOutcome {
  /** The parent MLflow run. */
  runId: string;
  decision: 'promoted' | 'rejected';
  forced: boolean;
  reason: string;
  best: string;
  candidates: CandidateOutcome[];
  holdout: { candidate: HoldoutScore; champion?: ChampionScore };
  /** The new version, when promoted. */
  model?: { name: string; version: string; previous: string | undefined; source: string; sha256: string; bytes: number };
  data: DataFingerprint;
  seconds: number;
}

export interface PipelineDeps {
  db: Queryable;
  tracking: MlflowClient;
}

export interface PipelineRequest {
  settings: TrainingSettings;
  force: boolean;
  trigger: TrainingTrigger;
  jobId?: string;
  /** Awaited: a job records progress here, and may throw to stop the run. */
  onEvent?: (event: TrainingEvent) => void | Promise<void>;
  /** Called right before the aliases move; throws when the run must not promote any more (its job was taken over). */
  checkpoint?: () => Promise<void>;
}

export async function runTrainingPipeline(deps: PipelineDeps, request: PipelineRequest): Promise<TrainingOutcome> {
  const started = performance.now();
  const { settings } = request;
  const emit = async (event: TrainingEvent) => request.onEvent?.(event);
  const step = (s: TrainingStep, progress: number, message: string) => emit({ type: 'step', step: s, progress, message });

  const runs = await TrainingRuns.open(deps.tracking, settings.experimentName);
  const parent = await runs.startParent(settings, {
    [RUN_TAGS.trigger]: request.trigger,
    [RUN_TAGS.force]: String(request.force),
    ...(request.jobId ? { [RUN_TAGS.jobId]: request.jobId } : {}),
  });
  const runId = parent.info.run_id;
  try {
    await emit({ type: 'run', runId });
    await step('loading', 2, 'loading ratings');
    const data = await loadTrainingData(deps.db, settings.filters, settings.seed);
    const fp = fingerprint(data.ratings, settings.filters);
    const dataTags = fingerprintTags(fp);
    await runs.tag(runId, dataTags);
    const split = splitHoldout(data.ratings, settings.holdout, settings.seed, settings.folds);

    const n = settings.candidates.length;
    await step('cross-validating', 10, `cross-validating ${n} candidate${n === 1 ? '' : 's'} × ${settings.folds} folds on ${split.train.ratings.length} ratings`);
    const results = await evaluateCandidates(settings.candidates, split.train, data.scale, settings);
    const candidates: CandidateOutcome[] = [];
    const runInfos = new Map<string, RunInfo>();
    for (const result of results) {
      const info = await runs.logCandidate(runId, result, dataTags);
      runInfos.set(result.name, info);
      candidates.push({ ...result, runId: info.run_id });
    }
    await emit({ type: 'candidates', candidates });

    const best = bestByRmse(candidates);
    await step('comparing', 65, `scoring ${best.name} and the champion on ${split.testRows.length} held-out ratings`);
    const registry = new ModelRegistry(deps.tracking, settings.modelName);
    const { holdout, champion, decision } = await compareWithChampion(registry, best, data, split, settings.margin, request.force);
    await runs.logHoldout(best.runId, holdout);
    await runs.tag(runId, {
      [RUN_TAGS.best]: best.name,
      [RUN_TAGS.decision]: decision.promote ? 'promoted' : 'rejected',
      [RUN_TAGS.reason]: decision.reason,
      [RUN_TAGS.forced]: String(decision.forced),
    });
    const outcome: TrainingOutcome = {
      runId,
      decision: decision.promote ? 'promoted' : 'rejected',
      forced: decision.forced,
      reason: decision.reason,
      best: best.name,
      candidates,
      holdout: { candidate: holdout, champion },
      data: fp,
      seconds: 0,
    };
    if (decision.promote) {
      outcome.model = await promote({ deps, request, runs, registry, best, bestRun: runInfos.get(best.name) as RunInfo, data, fp, holdout, parentRunId: runId, decision, step });
      // The champion has moved: nothing after this may report the run as failed.
      await deps.tracking.finishRun(runId, 'FINISHED').catch(() => {});
    } else {
      await deps.tracking.finishRun(runId, 'FINISHED');
    }
    outcome.seconds = (performance.now() - started) / 1000;
    return outcome;
  } catch (error) {
    await runs.fail(runId, error);
    throw error;
  }
}

async function compareWithChampion(
  registry: ModelRegistry,
  best: CandidateOutcome,
  data: TrainingData,
  split: HoldoutSplit,
  margin: number,
  force: boolean,
): Promise<{ holdout: HoldoutScore; champion: ChampionScore | undefined; decision: Decision }> {
  const holdout = await scoreOnHoldout({ algo: best.algo, params: best.params }, data.ratings, data.scale, split);
  const current = await registry.champion();
  // Fitting is deterministic: a champion with the candidate's very configuration scores the same.
  const same = current?.tags[VERSION_TAGS.algorithm] === best.algo && current.tags[VERSION_TAGS.params] === JSON.stringify(best.params);
  const champion = current && (same ? { version: current.version, algo: best.algo, holdoutRmse: holdout.rmse } : await scoreChampion(current, data, split));
  return { holdout, champion, decision: decide({ name: best.name, holdoutRmse: holdout.rmse }, champion, margin, force) };
}

/** The champion's recorded configuration, refitted on today's training split (see holdout.ts for why). */
async function scoreChampion(version: RegisteredVersion, data: TrainingData, split: HoldoutSplit): Promise<ChampionScore> {
  const algo = version.tags[VERSION_TAGS.algorithm] ?? '(unknown)';
  try {
    const params = JSON.parse(version.tags[VERSION_TAGS.params] ?? 'null') as Record<string, number | string | boolean> | null;
    if (params === null) throw new Error(`the version has no ${VERSION_TAGS.params} tag`);
    const score = await scoreOnHoldout({ algo, params }, data.ratings, data.scale, split);
    return { version: version.version, algo, holdoutRmse: score.rmse };
  } catch (error) {
    return { version: version.version, algo, problem: (error as Error).message };
  }
}

interface PromoteContext {
  deps: PipelineDeps;
  request: PipelineRequest;
  runs: TrainingRuns;
  registry: ModelRegistry;
  best: CandidateOutcome;
  bestRun: RunInfo;
  data: TrainingData;
  fp: DataFingerprint;
  holdout: HoldoutScore;
  parentRunId: string;
  decision: Decision;
  step: (s: TrainingStep, progress: number, message: string) => Promise<void>;
}

async function promote(ctx: PromoteContext): Promise<NonNullable<TrainingOutcome['model']>> {
  const { deps, request, registry, best, data, fp, holdout, step } = ctx;
  const { settings } = request;
  await step('refitting', 72, `refitting ${best.name} on all ${data.ratings.ratings.length} ratings`);
  const algo = await createAlgorithm({ algo: best.algo, params: best.params });
  algo.fit(Trainset.build(data.ratings, data.scale));
  const metrics = {
    cv_rmse: best.cv.rmse,
    cv_mae: best.cv.mae,
    precision_at_10: best.cv.precision_at_10,
    ndcg_at_10: best.cv.ndcg_at_10,
    holdout_rmse: holdout.rmse,
    holdout_mae: holdout.mae,
  };
  const model = writeModel(algo, { engineVersion: ENGINE_VERSION, dataFingerprint: { ...fp }, metrics });
  const stats = computeReferenceStats({
    data: data.ratings,
    fingerprint: fp,
    genres: await loadGenres(deps.db),
    holdout,
    seed: settings.seed,
    sampleSize: settings.referenceSampleSize,
  });

  await step('uploading', 85, `uploading the model file (${(model.length / 1e6).toFixed(1)} MB) and verifying it`);
  const stored = await storeModel(deps.tracking, ctx.bestRun, model, stats);

  await step('registering', 93, `registering a version of ${settings.modelName}`);
  const replaced = await registry.champion();
  const version = await registry.createVersion({
    source: stored.source,
    runId: best.runId,
    description: `${best.name} trained on ${fp.ratings} ratings; ${ctx.decision.reason}`,
    tags: {
      [VERSION_TAGS.algorithm]: best.algo,
      [VERSION_TAGS.params]: JSON.stringify(best.params),
      [VERSION_TAGS.candidate]: best.name,
      [VERSION_TAGS.modelSha256]: stored.sha256,
      [VERSION_TAGS.modelFile]: MODEL_FILE,
      [VERSION_TAGS.referenceStats]: REFERENCE_STATS_FILE,
      [VERSION_TAGS.replaced]: replaced?.version ?? '',
      [VERSION_TAGS.trainingRun]: ctx.parentRunId,
      [VERSION_TAGS.forced]: String(ctx.decision.forced),
      ...(request.jobId ? { [VERSION_TAGS.jobId]: request.jobId } : {}),
      ...Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`metric.${k}`, String(v)])),
      ...fingerprintTags(fp),
    },
  });
  await ctx.runs.tag(ctx.parentRunId, { [RUN_TAGS.modelVersion]: version.version });
  let promotion;
  try {
    await request.checkpoint?.();
    promotion = await registry.promote(version.version);
  } catch (error) {
    // The version stays, marked, so `GET /models` shows why it never became champion.
    await registry.tagVersion(version.version, VERSION_TAGS.notPromoted, (error as Error).message.slice(0, 5000)).catch(() => {});
    throw error;
  }
  return { name: settings.modelName, version: version.version, previous: promotion.previous, ...stored };
}
