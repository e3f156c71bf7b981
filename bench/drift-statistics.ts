/**
 * Times the drift statistics on a reference and a current window of 100 000 values each, the size
 * a drift check must handle within 1 s in total. Prints the median and the slowest of several runs
 * (after a warm-up run) for each statistic, as wall-clock and as CPU time.
 *
 *   npx tsx bench/drift-statistics.ts [--size 100000] [--runs 7]
 */
import { Random } from '../src/engine/random.ts';
import {
  chiSquareHomogeneity,
  countCategories,
  histogramOnCommonEdges,
  ks2samp,
  psiCategorical,
  psiQuantileBins,
  wassersteinDistance,
} from '../src/monitoring/drift/statistics/index.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const size = option('size', 100_000);
const runs = option('runs', 7);

/** Shares of the half-star ratings 0.5 … 5.0, roughly MovieLens's. */
const RATING_SHARES = [0.01, 0.03, 0.02, 0.07, 0.05, 0.19, 0.13, 0.27, 0.1, 0.13];
const SHIFTED_SHARES = [0.01, 0.02, 0.02, 0.06, 0.05, 0.18, 0.13, 0.28, 0.11, 0.14];

function ratings(rng: Random, n: number, shares: number[]): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let k = 0;
    while (k < shares.length - 1 && u >= shares[k]) u -= shares[k++];
    out[i] = (k + 1) / 2;
  }
  return out;
}

function time(label: string, fn: () => unknown): void {
  fn(); // warm-up: let the JIT compile before measuring
  const wall: number[] = [];
  const cpu: number[] = [];
  let result: unknown;
  for (let r = 0; r < runs; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    result = fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  // CPU time too: on a shared machine the wall clock also counts other processes' turns.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x: number) => x.toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(46)} wall median ${ms(median(wall))} ms, max ${ms(Math.max(...wall))} ms; ` +
      `cpu median ${ms(median(cpu))} ms   ${summary(result)}`,
  );
}

function summary(result: unknown): string {
  if (typeof result === 'number') return `= ${result.toPrecision(6)}`;
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    return ['statistic', 'pValue', 'psi', 'method', 'dof']
      .filter((k) => k in r)
      .map((k) => `${k} ${typeof r[k] === 'number' ? (r[k] as number).toPrecision(4) : r[k]}`)
      .join(', ');
  }
  return '';
}

const rng = new Random(2024);
const reference = ratings(rng, size, RATING_SHARES);
const sameDistribution = ratings(rng, size, RATING_SHARES);
const shifted = ratings(rng, size, SHIFTED_SHARES);
// The current window equal to the reference but for 90 ratings: D = 0.0009, just inside the region
// where scipy's Kolmogorov distribution uses Durbin's matrix method, the slowest asymptotic branch.
const nearlyIdentical = reference.slice();
for (let i = 0, changed = 0; changed < Math.round(size * 0.0009); i++) {
  if (nearlyIdentical[i] === 4) {
    nearlyIdentical[i] = 4.5;
    changed++;
  }
}
const continuousReference = Float64Array.from({ length: size }, () => rng.normal(0, 1));
const continuousCurrent = Float64Array.from({ length: size }, () => rng.normal(0.01, 1));

console.log(`drift statistics, ${size} vs ${size} values, ${runs} runs, Node ${process.version}`);
time('KS ratings, shifted', () => ks2samp(reference, shifted));
time('KS ratings, same distribution', () => ks2samp(reference, sameDistribution));
time('KS ratings, nearly identical (slowest branch)', () => ks2samp(reference, nearlyIdentical));
time('KS continuous (all values distinct)', () => ks2samp(continuousReference, continuousCurrent));
time('chi-square ratings (count + test)', () => {
  const counts = countCategories(reference, shifted);
  return chiSquareHomogeneity(counts.reference, counts.current);
});
time('PSI ratings as categories', () => psiCategorical(reference, shifted));
time('PSI continuous, 10 quantile bins', () => psiQuantileBins(continuousReference, continuousCurrent));
time('Wasserstein ratings', () => wassersteinDistance(reference, shifted));
time('Wasserstein continuous', () => wassersteinDistance(continuousReference, continuousCurrent));
time('histogram on common edges (ratings)', () => histogramOnCommonEdges(reference, shifted));
