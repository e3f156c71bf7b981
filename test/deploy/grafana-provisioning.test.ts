import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GRAFANA_DIR,
  GRAFANA_VARIABLES,
  PROMETHEUS_CONFIG,
  allPanels,
  dashboardExpressions,
  dashboards,
  readYaml,
  type Panel,
  type PrometheusConfig,
} from './support/deploy-files.ts';

interface DatasourceFile {
  apiVersion: number;
  datasources: { name: string; uid: string; type: string; url: string; jsonData?: { timeInterval?: string } }[];
}

interface ProviderFile {
  apiVersion: number;
  providers: { name: string; type: string; options: { path: string } }[];
}

const datasourceFile = () => readYaml(`${GRAFANA_DIR}provisioning/datasources/prometheus.yml`) as DatasourceFile;

const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('deploy/grafana provisioning', () => {
  test('the data source is the Prometheus of deploy/prometheus, with its scrape interval', () => {
    const file = datasourceFile();
    assert.equal(file.apiVersion, 1);
    assert.equal(file.datasources.length, 1);
    const [source] = file.datasources;
    assert.equal(source.type, 'prometheus');
    assert.equal(source.uid, 'marquee-prometheus');
    assert.ok(URL.canParse(source.url), `url ${source.url}`);
    // $__rate_interval is at least 4 × timeInterval: it must be the real scrape interval.
    const prometheus = readYaml(PROMETHEUS_CONFIG) as PrometheusConfig;
    assert.equal(source.jsonData?.timeInterval, prometheus.global.scrape_interval);
  });

  test('the dashboard provider loads files from one path', () => {
    const file = readYaml(`${GRAFANA_DIR}provisioning/dashboards/marquee.yml`) as ProviderFile;
    assert.equal(file.apiVersion, 1);
    assert.deepEqual(file.providers.map((p) => [p.name, p.type]), [['marquee', 'file']]);
    assert.match(file.providers[0].options.path, /^\//);
  });
});

describe('deploy/grafana dashboards', () => {
  const all = dashboards();
  const datasourceUid = datasourceFile().datasources[0].uid;

  test('there are the api, model, data and drift dashboards with fixed uids', () => {
    assert.deepEqual([...all.keys()], ['api', 'data', 'drift', 'model']);
    for (const [file, d] of all) {
      assert.equal(d.uid, `marquee-${file}`);
      assert.ok(typeof d.title === 'string' && d.title.length > 0, `${file}: title`);
      assert.ok(Number.isInteger(d.schemaVersion) && d.schemaVersion >= 36, `${file}: schemaVersion`);
      assert.ok(Array.isArray(d.panels) && d.panels.length > 0, `${file}: panels`);
    }
  });

  for (const [file, d] of all) {
    test(`${file}.json: every panel has an id, type, grid position and queries of the Prometheus data source`, () => {
      const panels = allPanels(d);
      const ids = panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, `panel ids repeat: ${ids}`);
      for (const p of panels) {
        const where = `${file}.json › ${p.title}`;
        assert.ok(Number.isInteger(p.id) && p.id > 0, `${where}: id`);
        assert.ok(typeof p.type === 'string' && p.type.length > 0, `${where}: type`);
        const { x, y, w, h } = p.gridPos ?? {};
        assert.ok([x, y, w, h].every(Number.isInteger) && w > 0 && h > 0 && x + w <= 24, `${where}: gridPos`);
        if (p.type === 'row') continue;
        assert.deepEqual(p.datasource, { type: 'prometheus', uid: datasourceUid }, `${where}: datasource`);
        assert.ok(p.targets && p.targets.length > 0, `${where}: targets`);
        const refIds = p.targets.map((t) => t.refId);
        assert.equal(new Set(refIds).size, refIds.length, `${where}: refIds repeat`);
        for (const t of p.targets) {
          assert.ok(typeof t.expr === 'string' && t.expr.trim().length > 0, `${where} › ${t.refId}: expr`);
          assert.deepEqual(t.datasource, { type: 'prometheus', uid: datasourceUid }, `${where} › ${t.refId}: datasource`);
        }
      }
      const laidOut = panels.filter((p) => p.type !== 'row');
      for (const [i, a] of laidOut.entries()) {
        for (const b of laidOut.slice(i + 1)) {
          assert.ok(!overlaps(a.gridPos, b.gridPos), `${file}.json: "${a.title}" overlaps "${b.title}"`);
        }
      }
    });
  }

  test('the API latency panels show quantiles per route, aggregated by (le, route)', () => {
    const latency = allPanels(all.get('api')!).filter((p) => /^Latency p\d+ by route$/.test(p.title));
    assert.deepEqual(latency.map((p) => p.title), ['Latency p50 by route', 'Latency p95 by route', 'Latency p99 by route']);
    for (const p of latency) {
      assert.match(p.targets![0].expr, /^histogram_quantile\(0\.\d+, sum by \(le, route\) \(rate\(http_request_duration_seconds_bucket/);
    }
  });

  test("expressions use only Grafana's interval variables", () => {
    for (const { where, expr } of dashboardExpressions()) {
      for (const [, name] of expr.matchAll(/\$\{?(\w+)/g)) {
        assert.ok((GRAFANA_VARIABLES as readonly string[]).includes(name), `${where}: unknown variable $${name}`);
      }
    }
  });
});
