/**
 * How `marquee evaluate` prints a cross-validation: a fixed-width table row per algorithm (printed as
 * each finishes), or one JSON object per line with snake_case keys for scripts and benchmarks.
 */
import type { Measure } from '../../engine/model-selection/measures.ts';
import type { CvResult } from '../../engine/model-selection/validation.ts';
import type { Params } from '../../engine/prediction-algorithms/algo-base.ts';

export interface EvaluationRow {
  /** Surprise's class name. */
  algo: string;
  /** Every parameter the algorithm ran with, defaults included. */
  params: Params;
  result: CvResult;
  /** Peak resident memory of the process so far (worker threads included: they share it). */
  peakRssMb: number;
  /** CPU seconds (user + system) of the process so far, every thread included: steadier than wall time on a busy machine. */
  cpuS: number;
}

/** `{algo, params, folds, <m>, <m>_std for each measure, fit_s, test_s, wall_s, peak_rss_mb, cpu_s}`. */
export function formatJsonLine(row: EvaluationRow, measures: readonly Measure[]): string {
  const { result } = row;
  const line: Record<string, unknown> = { algo: row.algo, params: row.params, folds: result.folds.length };
  for (const m of measures) {
    line[m] = result.mean[m];
    line[`${m}_std`] = result.std[m];
  }
  Object.assign(line, {
    fit_s: round(result.fitS, 3),
    test_s: round(result.testS, 3),
    wall_s: round(result.wallS, 3),
    peak_rss_mb: round(row.peakRssMb, 1),
    cpu_s: round(row.cpuS, 3),
  });
  return JSON.stringify(line);
}

const ALGO_WIDTH = 16;
const NUMBER_WIDTH = 9;

const measureHeader = (m: Measure) => `${m.toUpperCase()} ± std`;
/** "0.9345 ± 0.0061" fits 17 columns; longer measure names widen theirs. */
const measureWidth = (m: Measure) => Math.max(17, measureHeader(m).length + 1);

export function formatTableHeader(measures: readonly Measure[]): string {
  const cells = [
    'algorithm'.padEnd(ALGO_WIDTH),
    'folds'.padStart(5),
    ...measures.map((m) => measureHeader(m).padStart(measureWidth(m))),
    ...['fit s', 'test s', 'wall s', 'peak MB'].map((h) => h.padStart(NUMBER_WIDTH)),
  ];
  return cells.join(' ');
}

export function formatTableRow(row: EvaluationRow, measures: readonly Measure[]): string {
  const { result } = row;
  const cells = [
    row.algo.padEnd(ALGO_WIDTH),
    String(result.folds.length).padStart(5),
    ...measures.map((m) => `${result.mean[m].toFixed(4)} ± ${result.std[m].toFixed(4)}`.padStart(measureWidth(m))),
    ...[result.fitS, result.testS, result.wallS].map((s) => s.toFixed(2).padStart(NUMBER_WIDTH)),
    row.peakRssMb.toFixed(0).padStart(NUMBER_WIDTH),
  ];
  return cells.join(' ');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
