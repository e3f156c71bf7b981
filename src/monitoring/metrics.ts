/**
 * Every metric Marquee exposes, on one prom-client registry built by `createMetrics()`; tests build
 * their own so that nothing leaks between them. Other modules record through the typed methods of
 * `MarqueeMetrics` and never import prom-client: metric names, labels and buckets live here only,
 * next to the Prometheus rules and Grafana dashboards in deploy/ that query them.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const PREDICTION_STRATEGIES = ['personalized', 'cold_start'] as const;
export const TRAINING_OUTCOMES = ['promoted', 'rejected', 'failed'] as const;
export const RATING_SOURCES = ['movielens', 'generated', 'api'] as const;

export type PredictionStrategy = (typeof PREDICTION_STRATEGIES)[number];
export type TrainingOutcome = (typeof TRAINING_OUTCOMES)[number];
export type RatingSource = (typeof RATING_SOURCES)[number];

/** What a drift check reports, reduced to what the dashboards and alerts show. */
export interface DriftObservation {
  /** The champion version whose reference statistics the check compared the ratings with. */
  model: { name: string; version: string };
  detected: boolean;
  /** Share (0..1) of the checked features found to have drifted. */
  share: number;
  /** One entry per feature and test, e.g. { feature: 'rating', test: 'ks', statistic: 0.12 }. */
  features: readonly { feature: string; test: string; statistic: number }[];
}

export interface MarqueeMetrics {
  readonly registry: Registry;
  /** `route` is the route template (`/movies/:id`), never the raw path: label values stay few. */
  recordHttpRequest(method: string, route: string, statusCode: number, seconds: number): void;
  recordPrediction(strategy: PredictionStrategy): void;
  /**
   * The model now serving; `rmse` is its evaluation RMSE, undefined when unknown. When it is not
   * the version the latest drift verdict was about, that verdict is stale and the drift gauges go
   * back to "no check yet" until a drift check of the new model.
   */
  setModel(name: string, version: string, rmse: number | undefined): void;
  clearModel(): void;
  /** A champion version that could not be downloaded, verified or loaded; the model serving stays. */
  recordModelLoadFailure(name: string, version: string): void;
  recordTraining(outcome: TrainingOutcome, seconds: number): void;
  recordRatings(source: RatingSource, count: number): void;
  setDrift(observation: DriftObservation): void;
}

/** 1 ms to 5 s: a cached top-N answer takes about a millisecond, a cold database query seconds. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** 1 s to 1 h: ml-latest-small trains in seconds, ml-1m with a parameter search in many minutes. */
const TRAINING_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

function checkAmount(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number >= 0, got ${value}`);
  }
}

export function createMetrics(): MarqueeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its response.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const predictions = new Counter({
    name: 'marquee_predictions_total',
    help: 'Recommendations and predictions served, by strategy.',
    labelNames: ['strategy'] as const,
    registers,
  });
  const modelInfo = new Gauge({
    name: 'marquee_model_info',
    help: 'Always 1, labelled with the name and version of the model serving; absent when none is loaded.',
    labelNames: ['name', 'version'] as const,
    registers,
  });
  const modelRmse = new Gauge({
    name: 'marquee_model_rmse',
    help: 'Evaluation RMSE of the model serving; NaN when none is loaded or it is unknown.',
    registers,
  });
  const modelLoadFailures = new Counter({
    name: 'marquee_model_load_failures_total',
    help: 'Champion versions that could not be downloaded, verified or loaded (the previous model kept serving).',
    labelNames: ['name', 'version'] as const,
    registers,
  });
  const trainingRuns = new Counter({
    name: 'marquee_training_runs_total',
    help: 'Training runs finished, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const trainingDuration = new Histogram({
    name: 'marquee_training_duration_seconds',
    help: 'Wall time of training runs, whatever their outcome.',
    buckets: TRAINING_BUCKETS,
    registers,
  });
  const ratingsIngested = new Counter({
    name: 'marquee_ratings_ingested_total',
    help: 'Ratings written to the database, by source.',
    labelNames: ['source'] as const,
    registers,
  });
  const driftDetected = new Gauge({
    name: 'marquee_drift_detected',
    help: '1 when the latest drift check found drift; 0 when it found none, before the first check and once another model serves.',
    registers,
  });
  const driftShare = new Gauge({
    name: 'marquee_drift_share',
    help: 'Share of features that drifted in the latest drift check; NaN before the first check and once another model serves.',
    registers,
  });
  const driftStatistic = new Gauge({
    name: 'marquee_drift_statistic',
    help: 'Statistic of each test in the latest drift check, by feature and test; none before the first check and once another model serves.',
    labelNames: ['feature', 'test'] as const,
    registers,
  });

  // Series that exist from the start: rate() and increase() then see the first event as a rise
  // from 0, and the dashboards show 0 rather than "no data". Load failures cannot have one (their
  // versions are not known in advance): the alert on them also looks for series that are new.
  for (const strategy of PREDICTION_STRATEGIES) predictions.inc({ strategy }, 0);
  for (const outcome of TRAINING_OUTCOMES) trainingRuns.inc({ outcome }, 0);
  for (const source of RATING_SOURCES) ratingsIngested.inc({ source }, 0);
  modelRmse.set(NaN);

  /** The version whose reference the drift gauges describe; undefined while they hold no verdict. */
  let driftModel: DriftObservation['model'] | undefined;
  const clearDrift = () => {
    driftModel = undefined;
    driftDetected.set(0);
    driftShare.set(NaN);
    driftStatistic.reset();
  };
  clearDrift();

  return {
    registry,
    recordHttpRequest(method, route, statusCode, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    recordPrediction(strategy) {
      predictions.inc({ strategy });
    },
    setModel(name, version, rmse) {
      if (rmse !== undefined) checkAmount('rmse', rmse);
      // One series at a time: the previous model's series would otherwise stay at 1 forever.
      modelInfo.reset();
      modelInfo.set({ name, version }, 1);
      modelRmse.set(rmse ?? NaN);
      // Every promotion and rollback this process comes to serve, made here or in another process,
      // ends in this call (from the model lifecycle). A verdict about the replaced model would
      // otherwise stay, and MarqueeDriftDetected fire, until the next check; one about the new model,
      // from a check that ended while it was still loading, stays.
      if (driftModel && (driftModel.name !== name || driftModel.version !== version)) clearDrift();
    },
    clearModel() {
      modelInfo.reset();
      modelRmse.set(NaN);
    },
    recordModelLoadFailure(name, version) {
      modelLoadFailures.inc({ name, version });
    },
    recordTraining(outcome, seconds) {
      checkAmount('training seconds', seconds);
      trainingRuns.inc({ outcome });
      trainingDuration.observe(seconds);
    },
    recordRatings(source, count) {
      checkAmount('ratings count', count);
      ratingsIngested.inc({ source }, count);
    },
    setDrift(observation) {
      checkAmount('drift share', observation.share);
      driftModel = { name: observation.model.name, version: observation.model.version };
      driftDetected.set(observation.detected ? 1 : 0);
      driftShare.set(observation.share);
      // Features checked last time but not this time must not keep their old statistic.
      driftStatistic.reset();
      for (const { feature, test, statistic } of observation.features) {
        driftStatistic.set({ feature, test }, statistic);
      }
    },
  };
}
