/**
 * Engine benchmark: each algorithm's cross-validation as its own `marquee evaluate --json` process
 * (so wall time and peak RSS are per run, start-up and file reading included), beside Surprise's
 * figures from /work/shared/reference/surprise-on-this-machine.md; then the top-N timing (topn.ts).
 * Prints a markdown table and the exact command behind each row.
 *
 *   npm run build && node --import tsx bench/engine.ts [filter ...]
 *
 * A filter keeps the runs whose label or dataset contains it (`svd`, `ml-latest-small`, ...).
 * ml-100k is read from the shared MovieLens folder (MARQUEE_SHARED_DATA, else ../shared/data/movielens
 * beside the repository) and skipped with a printed reason when absent; ml-latest-small is bundled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const SHARED = process.env.MARQUEE_SHARED_DATA ?? join(ROOT, '../shared/data/movielens');
const REFERENCE = process.env.MARQUEE_SURPRISE_REFERENCE ?? join(ROOT, '../shared/reference/surprise-on-this-machine.md');

interface Run {
  dataset: 'ml-100k' | 'ml-latest-small';
  /** As the reference table names it. */
  label: string;
  algo: string;
  params: string[];
  /** Wall-time target of the whole evaluation process, seconds. */
  targetWallS?: number;
  targetRssMb?: number;
}

const PEARSON_ITEM = ['sim=pearson_baseline', 'user_based=false'];
const runs: Run[] = [
  { dataset: 'ml-100k', label: 'SVD', algo: 'svd', params: [], targetWallS: 1.7 },
  { dataset: 'ml-100k', label: 'SVD++', algo: 'svdpp', params: [], targetWallS: 30 },
  { dataset: 'ml-100k', label: 'NMF', algo: 'nmf', params: [], targetWallS: 2.8 },
  { dataset: 'ml-100k', label: 'SlopeOne', algo: 'slopeone', params: [], targetWallS: 4.2 },
  { dataset: 'ml-100k', label: 'KNNBasic', algo: 'knnbasic', params: [] },
  { dataset: 'ml-100k', label: 'KNNWithMeans', algo: 'knnwithmeans', params: [] },
  { dataset: 'ml-100k', label: 'KNNBaseline', algo: 'knnbaseline', params: [], targetWallS: 4.1 },
  { dataset: 'ml-100k', label: 'KNNBaseline pearson_baseline item', algo: 'knnbaseline', params: PEARSON_ITEM, targetWallS: 5.3 },
  { dataset: 'ml-100k', label: 'CoClustering', algo: 'coclustering', params: [], targetWallS: 2.2 },
  { dataset: 'ml-100k', label: 'BaselineOnly', algo: 'baselineonly', params: [], targetWallS: 0.37 },
  { dataset: 'ml-100k', label: 'NormalPredictor', algo: 'normalpredictor', params: [] },
  { dataset: 'ml-latest-small', label: 'SVD', algo: 'svd', params: [] },
  { dataset: 'ml-latest-small', label: 'BaselineOnly', algo: 'baselineonly', params: [] },
  { dataset: 'ml-latest-small', label: 'KNNBaseline', algo: 'knnbaseline', params: [] },
  { dataset: 'ml-latest-small', label: 'SlopeOne', algo: 'slopeone', params: [] },
  {
    dataset: 'ml-latest-small',
    label: 'KNNBaseline pearson_baseline item',
    algo: 'knnbaseline',
    params: PEARSON_ITEM,
    targetWallS: 17,
    targetRssMb: 300,
  },
];

const DATA = {
  'ml-100k': { file: join(SHARED, 'ml-100k/u.data'), folds: 5 },
  'ml-latest-small': { file: join(ROOT, 'data/ml-latest-small/ratings.csv'), folds: 3 },
};

interface SurpriseFigure {
  rmse: number;
  fitTestS: number;
}

/** `| dataset | folds | algorithm | RMSE ± std | MAE | fit s | test s | fit + test s |` rows. */
function readReference(): Map<string, SurpriseFigure> {
  const figures = new Map<string, SurpriseFigure>();
  if (!existsSync(REFERENCE)) return figures;
  for (const line of readFileSync(REFERENCE, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 10 || !/^\d/.test(cells[4])) continue;
    figures.set(`${cells[1]}|${cells[3]}`, { rmse: Number.parseFloat(cells[4]), fitTestS: Number(cells[8]) });
  }
  return figures;
}

interface Measured {
  rmse: number;
  mae: number;
  wallS: number;
  /** Wall seconds inside cross-validation alone (no start-up, no file reading), as the process reports it. */
  cvWallS: number;
  /** CPU seconds of the process, all threads: less sensitive than wall time to a busy machine. */
  cpuS: number;
  rssMb: number;
}

function measure(command: string[]): Measured | string {
  const start = performance.now();
  const child = spawnSync(process.execPath, command, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallS = (performance.now() - start) / 1000;
  if (child.status !== 0) return `failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-1)[0]}`;
  const result = JSON.parse(child.stdout.trim().split('\n').slice(-1)[0]);
  return { rmse: result.rmse, mae: result.mae, wallS, cvWallS: result.wall_s, cpuS: result.cpu_s, rssMb: result.peak_rss_mb };
}

function main(): void {
  if (!existsSync(CLI)) {
    console.log(`skipped: ${relative(ROOT, CLI)} not found — run \`npm run build\` first`);
    return;
  }
  const filters = process.argv.slice(2).map((f) => f.toLowerCase());
  const selected = runs.filter((r) => filters.length === 0 || filters.some((f) => `${r.dataset} ${r.label}`.toLowerCase().includes(f)));
  const reference = readReference();
  const loadBefore = loadavg()[0];
  const rows: string[] = [];
  const commands: string[] = [];
  for (const run of selected) {
    const { file, folds } = DATA[run.dataset];
    if (!existsSync(file)) {
      console.log(`skipped ${run.dataset} ${run.label}: ${file} not found`);
      continue;
    }
    const args = [relative(ROOT, CLI), 'evaluate', '--data', file, '--algo', run.algo, ...run.params.flatMap((p) => ['--param', p])];
    args.push('--folds', String(folds), '--seed', '0', '--json');
    const measured = measure(args);
    const surprise = reference.get(`${run.dataset}|${run.label}`);
    commands.push(`${rows.length + 1}. \`node ${args.join(' ')}\``);
    if (typeof measured === 'string') {
      rows.push(`| ${rows.length + 1} | ${run.dataset} | ${run.label} | ${measured} |||||||||`);
      continue;
    }
    rows.push(row(rows.length + 1, run, measured, surprise));
    console.error(`done: ${run.dataset} ${run.label} (${measured.wallS.toFixed(2)} s)`);
  }
  console.log(
    '| # | dataset | algorithm | RMSE | MAE | wall s | CV wall s | CPU s | peak RSS MB | Surprise RMSE | Surprise fit+test s | Surprise / our wall | target |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const line of rows) console.log(line);
  console.log(
    `\nwall s: the whole \`marquee evaluate\` process (start-up, reading the file, all folds); CV wall s: the ` +
      `cross-validation alone; CPU s: the process's CPU time, every thread; ` +
      `1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${availableParallelism()} CPUs; node ${process.version}`,
  );
  console.log('\nCommands (run from the repository root):');
  for (const line of commands) console.log(line);
  startUp();
  if (filters.length === 0 || filters.some((f) => 'top-n topn'.includes(f))) topN();
}

/** The floor under every wall time above: starting the CLI and loading its modules, no work. */
function startUp(): void {
  const args = [relative(ROOT, CLI), '--version'];
  const walls = Array.from({ length: 5 }, () => {
    const start = performance.now();
    spawnSync(process.execPath, args, { cwd: ROOT });
    return (performance.now() - start) / 1000;
  }).sort((a, b) => a - b);
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  const bare = (performance.now() - start) / 1000;
  console.log(`\nCLI start-up (\`node ${args.join(' ')}\`, median of 5): ${walls[2].toFixed(2)} s; bare \`node -e 0\`: ${bare.toFixed(2)} s`);
}

function row(n: number, run: Run, m: Measured, surprise: SurpriseFigure | undefined): string {
  const targets: string[] = [];
  if (run.targetWallS !== undefined) targets.push(`≤ ${run.targetWallS} s ${m.wallS <= run.targetWallS ? 'met' : 'MISSED'}`);
  if (run.targetRssMb !== undefined) targets.push(`≤ ${run.targetRssMb} MB ${m.rssMb <= run.targetRssMb ? 'met' : 'MISSED'}`);
  if (surprise) targets.push(`RMSE ±0.01 ${Math.abs(m.rmse - surprise.rmse) <= 0.01 ? 'met' : 'MISSED'}`);
  return [
    '',
    n,
    run.dataset,
    run.label,
    m.rmse.toFixed(4),
    m.mae.toFixed(4),
    m.wallS.toFixed(2),
    m.cvWallS.toFixed(2),
    m.cpuS.toFixed(2),
    m.rssMb.toFixed(0),
    surprise ? surprise.rmse.toFixed(4) : '–',
    surprise ? surprise.fitTestS.toFixed(2) : '–',
    surprise ? `${(surprise.fitTestS / m.wallS).toFixed(1)}×` : '–',
    targets.join(', ') || '–',
    '',
  ].join(' | ').trim();
}

function topN(): void {
  const args = ['--import', 'tsx', 'bench/topn.ts'];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  console.log(`\nTop-N (\`node ${args.join(' ')}\`):`);
  console.log(child.status === 0 ? child.stdout.trim() : `failed: ${child.stderr.trim()}`);
}

main();
