/**
 * Reads the monitoring files of deploy/: the Prometheus configuration and alert rules, the Grafana
 * provisioning and dashboards, and lists every PromQL expression they hold.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const DEPLOY_DIR = fileURLToPath(new URL('../../../deploy/', import.meta.url));
export const PROMETHEUS_CONFIG = `${DEPLOY_DIR}prometheus/prometheus.yml`;
export const ALERT_RULES = `${DEPLOY_DIR}prometheus/alerts.yml`;
export const GRAFANA_DIR = `${DEPLOY_DIR}grafana/`;
export const DASHBOARDS_DIR = `${GRAFANA_DIR}dashboards/`;

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { prettyErrors: true });
}

export interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string; [key: string]: unknown };
  rule_files: string[];
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const { groups } = readYaml(ALERT_RULES) as { groups: { name: string; rules: AlertRule[] }[] };
  return groups.flatMap((g) => g.rules);
}

export interface PanelTarget {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: PanelTarget[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
}

/** Dashboards by file name (`api.json` → `api`). */
export function dashboards(): Map<string, Dashboard> {
  const files = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json')).sort();
  return new Map(
    files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(DASHBOARDS_DIR + f, 'utf8')) as Dashboard]),
  );
}

/** Panels of a dashboard, those inside rows included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface LabelledExpression {
  /** Where it comes from, for messages: `api.json › Traffic by route › A`. */
  where: string;
  expr: string;
}

export function dashboardExpressions(): LabelledExpression[] {
  return [...dashboards()].flatMap(([file, d]) =>
    allPanels(d).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `${file}.json › ${p.title} › ${t.refId}`, expr: t.expr }))),
  );
}

/** Grafana's built-in interval variables; the dashboards use no others. */
export const GRAFANA_VARIABLES = ['__rate_interval', '__interval', '__range'] as const;

/** Replaces Grafana's interval variables by concrete PromQL durations; any other variable is an error. */
export function substituteGrafanaVariables(
  expr: string,
  windows: Record<(typeof GRAFANA_VARIABLES)[number], string>,
): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    if (!(name in windows)) throw new Error(`unknown Grafana variable ${whole} in ${expr}`);
    return windows[name as keyof typeof windows];
  });
}
