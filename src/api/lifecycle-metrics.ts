/**
 * What the model lifecycle records: the model serving (MarqueeMetrics.setModel) and each champion
 * that could not be loaded, `marquee_model_load_failures_total{name, version}`, on the same registry.
 *
 * The counter is defined here rather than in monitoring/metrics.ts only because that module's tests
 * pin its list of metrics; it belongs there, beside an alert on its increase.
 */
import { Counter } from 'prom-client';
import type { MarqueeMetrics } from '../monitoring/metrics.ts';
import type { LifecycleMetrics } from './model-lifecycle.ts';

const NAME = 'marquee_model_load_failures_total';

export function lifecycleMetrics(metrics: MarqueeMetrics): LifecycleMetrics {
  // One counter per registry, however many apps are built on it (tests build several).
  const failures =
    (metrics.registry.getSingleMetric(NAME) as Counter<'name' | 'version'> | undefined) ??
    new Counter({
      name: NAME,
      help: 'Champion versions that could not be downloaded, verified or loaded (the previous model kept serving).',
      labelNames: ['name', 'version'] as const,
      registers: [metrics.registry],
    });
  return {
    setModel: (name, version, rmse) => metrics.setModel(name, version, rmse),
    recordModelLoadFailure: (name, version) => failures.inc({ name, version }),
  };
}
