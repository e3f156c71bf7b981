/**
 * Has the champion got worse? Its RMSE on current ratings it has not seen, against the RMSE it had
 * on its held-out ratings at training time; flagged when the ratio passes a threshold (1.1: 10 %
 * worse). Only ratings after the end of its training data count (so never one it was fitted on),
 * and only those of users and movies it knows: the holdout scored such pairs, and a new user's
 * rating only measures the global mean it falls back to. Those cold-start ratings are counted apart.
 */
import type { AlgoBase, RatingArrays } from '../../engine/index.ts';
import type { FeatureChart, FeatureResult } from './feature-tests.ts';

/** What the check needs of a model; `predictorOf` adapts a loaded engine model. */
export interface Predictor {
  knows(userId: number, movieId: number): boolean;
  predict(userId: number, movieId: number): number;
}

export function predictorOf(algo: AlgoBase): Predictor {
  const trainset = algo.getTrainset();
  return {
    knows: (userId, movieId) => trainset.innerUser(userId) >= 0 && trainset.innerItem(movieId) >= 0,
    predict: (userId, movieId) => algo.predict(userId, movieId).est,
  };
}

export interface PerformanceResult extends FeatureResult {
  feature: 'model_performance';
  test: 'rmse_ratio';
  current_rmse: number;
  holdout_rmse: number;
  /** Unseen ratings of users or movies the champion does not know, left out of current_rmse. */
  cold_start_ratings: number;
}

export type PerformanceOutcome = { result: PerformanceResult } | { skipped: string };

export function checkPerformance(
  predictor: Predictor,
  ratings: Required<RatingArrays>,
  options: { unseenAfter: number; holdout: { rmse: number; ratings: number }; ratioThreshold: number; minRatings: number },
): PerformanceOutcome {
  let known = 0;
  let coldStart = 0;
  let squares = 0;
  for (let k = 0; k < ratings.ratings.length; k++) {
    if (!(ratings.timestamps[k] > options.unseenAfter)) continue;
    const user = ratings.userIds[k];
    const movie = ratings.itemIds[k];
    if (!predictor.knows(user, movie)) {
      coldStart++;
      continue;
    }
    const error = ratings.ratings[k] - predictor.predict(user, movie);
    squares += error * error;
    known++;
  }
  if (known < options.minRatings) {
    return {
      skipped: `${known} current ratings are unseen by the champion and of users and movies it knows (${coldStart} more are cold-start); at least ${options.minRatings} are needed`,
    };
  }
  const currentRmse = Math.sqrt(squares / known);
  const ratio = currentRmse / options.holdout.rmse;
  return {
    result: {
      feature: 'model_performance',
      test: 'rmse_ratio',
      statistic: ratio,
      p_value: null,
      threshold: options.ratioThreshold,
      drifted: ratio > options.ratioThreshold,
      psi: null,
      wasserstein: null,
      reference_size: options.holdout.ratings,
      current_size: known,
      current_rmse: currentRmse,
      holdout_rmse: options.holdout.rmse,
      cold_start_ratings: coldStart,
    },
  };
}

/** The report's bars: the holdout RMSE beside the RMSE on unseen current ratings. */
export function performanceChart(result: PerformanceResult): FeatureChart {
  return {
    feature: 'model_performance',
    labels: ['RMSE'],
    reference: Float64Array.of(result.holdout_rmse),
    current: Float64Array.of(result.current_rmse),
    measure: 'RMSE',
    axis: 'holdout (reference) and unseen current ratings',
  };
}
