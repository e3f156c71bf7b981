/**
 * The drift check: the champion's reference against the current window's ratings.
 *
 *   champion (reference statistics + model) → current ratings of the window → too few? answer
 *   "insufficient_data" → features → one test each, PSI and Wasserstein beside → the model's RMSE
 *   on unseen ratings → verdict → HTML report saved → metrics updated → answer.
 *
 * Identical checks asked while one runs share its result, so a burst of requests (or a scheduled
 * check meeting a manual one) costs one computation.
 */
import type { MarqueeMetrics } from '../metrics.ts';
import type { ChampionSource } from './champion-source.ts';
import { countDataFeatures, type DriftAnswer } from './drift-answer.ts';
import { DATA_FEATURES, extractFeatures } from './drift-features.ts';
import type { DriftReference } from './drift-reference.ts';
import { renderDriftReport } from './drift-report.html.ts';
import { type DriftReports, reportUrl } from './drift-reports.ts';
import { describeWindow, SINCE_TRAINING, type DriftWindow } from './drift-window.ts';
import { pValueThreshold, type DriftSettings } from './drift.config.ts';
import type { CurrentRatingsSource, CurrentWindow } from './drift.repository.ts';
import { chartOf, testFeature, type FeatureChart } from './feature-tests.ts';
import { checkPerformance, performanceChart } from './model-performance.ts';

export interface DriftServiceDeps {
  champion: ChampionSource;
  ratings: CurrentRatingsSource;
  reports: DriftReports;
  settings: DriftSettings;
  metrics?: Pick<MarqueeMetrics, 'setDrift'>;
  now?: () => Date;
}

/** Thinning and table splits are seeded: the same data always gives the same answer. */
const FEATURE_SEED = 20_240_601;

export class DriftService {
  private readonly running = new Map<string, Promise<DriftAnswer>>();

  constructor(private readonly deps: DriftServiceDeps) {}

  get reports(): DriftReports {
    return this.deps.reports;
  }

  check(window: DriftWindow = SINCE_TRAINING): Promise<DriftAnswer> {
    const key = JSON.stringify(window);
    let answer = this.running.get(key);
    if (!answer) {
      answer = this.run(window).finally(() => this.running.delete(key));
      this.running.set(key, answer);
    }
    return answer;
  }

  private async run(window: DriftWindow): Promise<DriftAnswer> {
    const { settings } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const { reference, predictor } = await this.deps.champion.load();
    const referenceEnd = Date.parse(reference.period.to);
    const current = await this.deps.ratings.read(window, referenceEnd, now);
    const base = describe(reference, current, window, settings, now);
    const n = current.ratings.ratings.length;
    if (n < settings.minRatings) {
      return { ...base, status: 'insufficient_data', message: `${n} current rating${n === 1 ? '' : 's'} (${describeWindow(window)}); at least ${settings.minRatings} are needed for a verdict` };
    }

    const { samples, skipped } = extractFeatures(reference, current, FEATURE_SEED);
    const features: DriftAnswer['features'] = samples.map((s) => testFeature(s, pValueThreshold(settings, s.feature)));
    const charts = new Map<string, FeatureChart>();
    // One chart per feature: the rating's half-star counts rather than its sample histogram.
    for (const s of samples) if (s.kind === 'categorical' || !charts.has(s.feature)) charts.set(s.feature, chartOf(s));
    const performance = checkPerformance(predictor, current.ratings, {
      unseenAfter: referenceEnd,
      holdout: reference.holdout,
      ratioThreshold: settings.rmseRatio,
      minRatings: settings.minRatings,
    });
    if ('skipped' in performance) skipped.push({ feature: 'model_performance', reason: performance.skipped });
    else {
      features.push(performance.result);
      charts.set('model_performance', performanceChart(performance.result));
    }

    const { tested, drifted } = countDataFeatures(features);
    const share = drifted / tested;
    const performanceDrifted = 'result' in performance && performance.result.drifted;
    const answer: DriftAnswer = { ...base, drift_detected: share >= settings.share || performanceDrifted, share_drifted: share, features, skipped };

    answer.report_id = await this.deps.reports.save(renderDriftReport(answer, [...charts.values()]), now);
    answer.report_url = reportUrl(answer.report_id);
    this.deps.metrics?.setDrift({
      model: { name: reference.model.name, version: reference.model.version },
      detected: answer.drift_detected === true,
      share,
      features: features.map((f) => ({ feature: f.feature, test: f.test, statistic: f.statistic })),
    });
    return answer;
  }
}

function describe(reference: DriftReference, current: CurrentWindow, window: DriftWindow, settings: DriftSettings, now: Date): DriftAnswer {
  const data = current.ratings;
  const [first, last] = range(data.timestamps);
  return {
    status: 'ok',
    message: null,
    drift_detected: null,
    share_drifted: null,
    checked_at: now.toISOString(),
    reference: {
      model: { name: reference.model.name, version: reference.model.version, registered_at: reference.model.registeredAt },
      period: reference.period,
      ...reference.counts,
      sample_ratings: reference.sample.ratings.length,
      holdout_rmse: reference.holdout.rmse,
    },
    current: {
      window: {
        kind: window.kind,
        days: window.kind === 'days' ? window.days : null,
        last: window.kind === 'last' ? window.ratings : null,
        description: describeWindow(window),
      },
      period: { from: current.from?.toISOString() ?? null, first_rated_at: first, last_rated_at: last },
      ratings: data.ratings.length,
      users: distinct(data.userIds),
      movies: distinct(data.itemIds),
    },
    thresholds: {
      p_value: settings.pValue,
      feature_p_values: Object.fromEntries(DATA_FEATURES.map((f) => [f, pValueThreshold(settings, f)])),
      share: settings.share,
      rmse_ratio: settings.rmseRatio,
      min_ratings: settings.minRatings,
    },
    features: [],
    skipped: [],
    report_id: null,
    report_url: null,
  };
}

function range(timestamps: Float64Array): [string | null, string | null] {
  if (timestamps.length === 0) return [null, null];
  let low = Infinity;
  let high = -Infinity;
  for (const t of timestamps) {
    if (t < low) low = t;
    if (t > high) high = t;
  }
  return [new Date(low).toISOString(), new Date(high).toISOString()];
}

function distinct(ids: Int32Array): number {
  const sorted = ids.slice().sort();
  let count = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) count++;
  return count;
}
