/**
 * What a drift check answers, in the JSON shape of `GET /monitoring/drift` and `marquee drift
 * --json` (the route's schema, src/api/routes/monitoring/drift.schemas.ts, mirrors it).
 *
 * `status` is "insufficient_data" when the window holds fewer than `thresholds.min_ratings`
 * ratings: then the counts are there but no verdict (`drift_detected` and `share_drifted` null, no
 * features, no report). Otherwise "ok", and:
 *   share_drifted   the share of data features (rating, ratings_per_user, …) with at least one
 *                   test below its p-value threshold; a feature tested twice (rating: KS and
 *                   chi-square) counts once;
 *   drift_detected  share_drifted >= thresholds.share, or the model's performance drifted.
 */
import type { FeatureResult } from './feature-tests.ts';
import type { PerformanceResult } from './model-performance.ts';
import type { SkippedFeature } from './drift-features.ts';

export interface DriftAnswer {
  status: 'ok' | 'insufficient_data';
  /** Why there is no verdict, when status is insufficient_data. */
  message: string | null;
  drift_detected: boolean | null;
  share_drifted: number | null;
  checked_at: string;
  reference: {
    model: { name: string; version: string; registered_at: string };
    period: { from: string; to: string };
    ratings: number;
    users: number;
    movies: number;
    /** Ratings in the reference's seeded sample, the reference side of the KS tests. */
    sample_ratings: number;
    holdout_rmse: number;
  };
  current: {
    window: { kind: 'since_training' | 'days' | 'last'; days: number | null; last: number | null; description: string };
    /** The window's start, and the first and last rating in it (null when it is empty). */
    period: { from: string | null; first_rated_at: string | null; last_rated_at: string | null };
    ratings: number;
    users: number;
    movies: number;
  };
  thresholds: { p_value: number; feature_p_values: Record<string, number>; share: number; rmse_ratio: number; min_ratings: number };
  features: (FeatureResult | PerformanceResult)[];
  skipped: SkippedFeature[];
  report_id: string | null;
  report_url: string | null;
}

/** Data features tested, and those with a test that drifted: a feature tested twice counts once. */
export function countDataFeatures(features: DriftAnswer['features']): { tested: number; drifted: number } {
  const data = features.filter((f) => f.feature !== 'model_performance');
  return { tested: new Set(data.map((f) => f.feature)).size, drifted: new Set(data.filter((f) => f.drifted).map((f) => f.feature)).size };
}
