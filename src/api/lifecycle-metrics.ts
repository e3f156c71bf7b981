/**
 * What the model lifecycle records, on Marquee's metrics: the model serving (which also retires a
 * drift verdict about the model it replaced) and each champion version that could not be loaded
 * (`marquee_model_load_failures_total{name, version}`).
 */
import type { MarqueeMetrics } from '../monitoring/metrics.ts';
import type { LifecycleMetrics } from './model-lifecycle.ts';

export function lifecycleMetrics(metrics: MarqueeMetrics): LifecycleMetrics {
  return {
    setModel: (name, version, rmse) => metrics.setModel(name, version, rmse),
    recordModelLoadFailure: (name, version) => metrics.recordModelLoadFailure(name, version),
  };
}
