/**
 * A grouped bar chart as inline SVG: the reference and the current value of each bin side by side,
 * with a y axis, bin labels (slanted when there are many) and a tooltip per bar. No script and no
 * external file, so the report opens offline and anywhere.
 */
import { escapeHtml, formatNumber, formatPercent } from './html-text.ts';
import type { FeatureChart } from './feature-tests.ts';

export const REFERENCE_COLOUR = '#4c78a8';
export const CURRENT_COLOUR = '#f58518';

const WIDTH = 760;
const PLOT_HEIGHT = 200;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
/** Longer bin labels are cut on the axis; the bars' tooltips keep them whole. */
const LABEL_CHARS = 18;

export function barChartSvg(chart: FeatureChart): string {
  const n = chart.labels.length;
  const slanted = n > 12 || chart.labels.some((l) => l.length > 8);
  const bottom = slanted ? 24 + 6 * Math.min(LABEL_CHARS, Math.max(...chart.labels.map((l) => l.length))) : 36;
  const height = TOP + PLOT_HEIGHT + bottom;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const step = plotWidth / n;
  const barWidth = Math.min(48, Math.max(1, (step * 0.8) / 2));
  const peak = chart.reference.reduce((m, v) => Math.max(m, v), chart.current.reduce((m, v) => Math.max(m, v), 0));
  const { top, ticks } = axis(peak);
  const y = (v: number) => TOP + PLOT_HEIGHT - (v / top) * PLOT_HEIGHT;
  const value = (v: number) => (chart.measure === 'RMSE' ? formatNumber(v) : formatPercent(v));

  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(t)}" y2="${y(t)}" class="grid"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(t) + 4}" text-anchor="end">${escapeHtml(value(t))}</text>`);
  }
  chart.labels.forEach((label, k) => {
    const x0 = LEFT + k * step + step / 2 - barWidth;
    const tooltip = `${label}: reference ${value(chart.reference[k])}, current ${value(chart.current[k])}`;
    for (const [side, v, colour] of [['reference', chart.reference[k], REFERENCE_COLOUR], ['current', chart.current[k], CURRENT_COLOUR]] as const) {
      const x = side === 'reference' ? x0 : x0 + barWidth;
      parts.push(`<rect x="${x.toFixed(2)}" y="${y(v).toFixed(2)}" width="${barWidth.toFixed(2)}" height="${(TOP + PLOT_HEIGHT - y(v)).toFixed(2)}" fill="${colour}"><title>${escapeHtml(tooltip)}</title></rect>`);
    }
    const cx = (LEFT + k * step + step / 2).toFixed(2);
    const shown = escapeHtml(label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);
    const ly = TOP + PLOT_HEIGHT + 14;
    parts.push(
      slanted
        ? `<text x="${cx}" y="${ly}" text-anchor="end" transform="rotate(-45 ${cx} ${ly})">${shown}</text>`
        : `<text x="${cx}" y="${ly}" text-anchor="middle">${shown}</text>`,
    );
  });
  parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + PLOT_HEIGHT}" y2="${TOP + PLOT_HEIGHT}" class="axis"/>`);
  const title = `${chart.feature}: ${chart.measure} by ${chart.axis}, reference and current`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

/** A rounded top and 4–6 evenly spaced ticks from 0. */
function axis(peak: number): { top: number; ticks: number[] } {
  if (!(peak > 0)) return { top: 1, ticks: [0, 0.5, 1] };
  const raw = peak / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const top = Math.ceil(peak / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { top, ticks };
}
