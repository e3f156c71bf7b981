import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from '../../src/monitoring/metrics.ts';
import { ALERT_RULES, PROMETHEUS_CONFIG, alertRules, readYaml, type PrometheusConfig } from './support/deploy-files.ts';
import { runTool, skipWithout } from './support/tools.ts';

describe('deploy/prometheus files', () => {
  test('prometheus.yml scrapes the marquee service every 15 s and loads alerts.yml', () => {
    const config = readYaml(PROMETHEUS_CONFIG) as PrometheusConfig;
    assert.equal(config.global.scrape_interval, '15s');
    assert.deepEqual(config.rule_files, ['alerts.yml']);
    assert.deepEqual(
      config.scrape_configs.map((s) => [s.job_name, s.metrics_path, s.static_configs.flatMap((c) => c.targets)]),
      [['marquee', '/metrics', ['marquee:8000']]],
    );
  });

  test('the alert rules cover errors, latency, drift, failed training, a missing model and one that fails to load', () => {
    const rules = new Map(alertRules().map((r) => [r.alert, r]));
    assert.match(rules.get('MarqueeHighErrorRate')?.expr ?? '', /status_code=~"5\.\."/);
    assert.match(
      rules.get('MarqueeHighLatency')?.expr ?? '',
      /histogram_quantile\(0\.99, sum by \(le, route\) \(rate\(http_request_duration_seconds_bucket\{[^}]*\}\[5m\]\)\)\)/,
    );
    assert.match(rules.get('MarqueeDriftDetected')?.expr ?? '', /marquee_drift_detected/);
    assert.match(rules.get('MarqueeTrainingFailed')?.expr ?? '', /marquee_training_runs_total\{[^}]*outcome="failed"/);
    assert.match(rules.get('MarqueeNoModelLoaded')?.expr ?? '', /marquee_model_info/);
    // The failure series start at their first failure: increase() alone would miss it.
    assert.match(
      rules.get('MarqueeModelLoadFailing')?.expr ?? '',
      /increase\(marquee_model_load_failures_total\{[^}]*\}\[15m\]\) > 0\s+or \(\s*marquee_model_load_failures_total\{[^}]*\}\s+unless marquee_model_load_failures_total\{[^}]*\} offset 15m\s*\)/,
    );
    for (const rule of rules.values()) {
      assert.ok(rule.labels?.severity, `${rule.alert} needs a severity label`);
      assert.ok(rule.annotations?.summary, `${rule.alert} needs a summary annotation`);
    }
  });
});

describe('promtool', () => {
  const skip = skipWithout('promtool');

  test('check config accepts prometheus.yml and the rule file it names', { skip }, () => {
    const { status, output } = runTool('promtool', ['check', 'config', PROMETHEUS_CONFIG]);
    assert.equal(status, 0, output);
    assert.match(output, /SUCCESS: 1 rule files found/);
  });

  test('check rules accepts alerts.yml', { skip }, () => {
    const { status, output } = runTool('promtool', ['check', 'rules', ALERT_RULES]);
    assert.equal(status, 0, output);
    assert.match(output, new RegExp(`SUCCESS: ${alertRules().length} rules found`));
  });

  test("check metrics finds nothing to say about Marquee's own metric names", { skip }, async () => {
    const metrics = createMetrics();
    const ownNames = metrics.registry
      .getMetricsAsArray()
      .map((m) => m.name)
      .filter((name) => /^(marquee|http)_/.test(name));
    assert.equal(ownNames.length, 12);
    const exposition = await metrics.registry.metrics();
    // Exit status 3 means lint findings; prom-client's default metrics (e.g. the gauge
    // nodejs_active_handles_total) have some that are not Marquee's to fix.
    const { status, output } = runTool('promtool', ['check', 'metrics'], exposition);
    assert.ok(status === 0 || status === 3, output);
    const findings = output.split('\n').filter((line) => ownNames.some((name) => line.startsWith(`${name} `)));
    assert.deepEqual(findings, []);
  });
});
