/**
 * The drift report: one self-contained HTML page (inline CSS and SVG, no script, a Content
 * Security Policy that forbids loading anything), so it opens offline from the artifact store as
 * well as from the API. The verdict comes first, in red or green, then the reference and current
 * windows, the table of tests, and each feature's two distributions on common bins.
 */
import { countDataFeatures, type DriftAnswer } from './drift-answer.ts';
import type { FeatureChart } from './feature-tests.ts';
import { escapeHtml as e, formatNumber, formatPercent } from './html-text.ts';
import { barChartSvg, CURRENT_COLOUR, REFERENCE_COLOUR } from './svg-bar-chart.ts';

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;max-width:960px;padding:24px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:20px 0 4px}
.verdict{border-radius:8px;padding:14px 18px;color:#fff;font-size:17px}.verdict strong{font-size:20px;display:block}
.drift{background:#b42318}.stable{background:#1a7f37}
table{border-collapse:collapse;width:100%;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right;white-space:nowrap}.yes{color:#b42318;font-weight:600}.no{color:#1a7f37}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}
svg text{font-size:11px;fill:#57606a}svg .grid{stroke:#eaeef2}svg .axis{stroke:#8c959f}
.note{color:#57606a;font-size:13px}`;

export function renderDriftReport(answer: DriftAnswer, charts: readonly FeatureChart[]): string {
  const { reference: ref, current: cur } = answer;
  const title = `Marquee drift report ${answer.checked_at}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(title)}</h1>
${verdict(answer)}
<h2>Windows compared</h2>
<table>
<tr><th></th><th>Reference (champion's training data)</th><th>Current (${e(cur.window.description)})</th></tr>
<tr><th>Model</th><td>${e(ref.model.name)} v${e(ref.model.version)}, registered ${e(ref.model.registered_at)}</td><td></td></tr>
<tr><th>Period</th><td>${e(ref.period.from)} to ${e(ref.period.to)}</td><td>${e(cur.period.first_rated_at ?? '–')} to ${e(cur.period.last_rated_at ?? '–')}</td></tr>
<tr><th>Ratings</th><td class="num">${count(ref.ratings)} (sample ${count(ref.sample_ratings)})</td><td class="num">${count(cur.ratings)}</td></tr>
<tr><th>Users</th><td class="num">${count(ref.users)}</td><td class="num">${count(cur.users)}</td></tr>
<tr><th>Movies</th><td class="num">${count(ref.movies)}</td><td class="num">${count(cur.movies)}</td></tr>
</table>
<h2>Tests</h2>
${testsTable(answer)}
${skipped(answer)}
<h2>Distributions</h2>
<p class="legend">Bars on common bins:<span style="background:${REFERENCE_COLOUR}"></span>reference<span style="background:${CURRENT_COLOUR}"></span>current</p>
${charts.map(chartSection).join('\n')}
</body>
</html>
`;
}

function verdict(answer: DriftAnswer): string {
  const { tested, drifted } = countDataFeatures(answer.features);
  const performance = answer.features.find((f) => f.feature === 'model_performance');
  const lines = [
    `${drifted} of ${tested} features drifted (${formatPercent(answer.share_drifted ?? 0)}; the data drifts from ${formatPercent(answer.thresholds.share)}).`,
    performance
      ? `Model RMSE on unseen ratings is ${formatNumber(performance.statistic)} × its holdout RMSE (limit ${formatNumber(performance.threshold)}): ${performance.drifted ? 'worse' : 'within the limit'}.`
      : 'Model performance was not checked (see below).',
  ];
  const detected = answer.drift_detected === true;
  return `<div class="verdict ${detected ? 'drift' : 'stable'}"><strong>${detected ? 'Drift detected' : 'No drift detected'}</strong>${lines.map(e).join('<br>')}</div>`;
}

function testsTable(answer: DriftAnswer): string {
  const rows = answer.features.map(
    (f) => `<tr><td>${e(f.feature)}</td><td>${e(f.test)}</td><td class="num">${formatNumber(f.statistic)}</td><td class="num">${formatNumber(f.p_value)}</td>` +
      `<td class="num">${f.p_value === null ? '&gt; ' : '&lt; '}${formatNumber(f.threshold)}</td><td class="${f.drifted ? 'yes' : 'no'}">${f.drifted ? 'drifted' : 'no'}</td>` +
      `<td class="num">${formatNumber(f.psi)}</td><td class="num">${formatNumber(f.wasserstein)}</td><td class="num">${count(f.reference_size)} / ${count(f.current_size)}</td></tr>`,
  );
  return `<table>
<tr><th>Feature</th><th>Test</th><th>Statistic</th><th>p-value</th><th>Drifts when</th><th>Drifted</th><th>PSI</th><th>Wasserstein</th><th>Reference / current size</th></tr>
${rows.join('\n')}
</table>
<p class="note">A feature drifts when its p-value is below its threshold (model_performance: when the RMSE ratio is above it). PSI and Wasserstein distance measure how large a shift is; they do not decide.</p>`;
}

function skipped(answer: DriftAnswer): string {
  if (answer.skipped.length === 0) return '';
  return `<h3>Not checked</h3><ul>${answer.skipped.map((s) => `<li>${e(s.feature)}: ${e(s.reason)}</li>`).join('')}</ul>`;
}

function chartSection(chart: FeatureChart): string {
  return `<h3>${e(chart.feature)}</h3>\n<p class="note">${e(chart.measure)} by ${e(chart.axis)}</p>\n${barChartSvg(chart)}`;
}

function count(n: number): string {
  return e(n.toLocaleString('en-US'));
}
