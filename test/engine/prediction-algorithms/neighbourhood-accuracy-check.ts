/**
 * Compares the neighbourhood algorithms with Surprise 1.1.4's published cross-validated RMSEs and
 * prints single-thread fit and test times (CPU and wall, per fold). Not a test: run it by hand
 * (a few minutes for everything); a word narrows it to the cases whose label contains it.
 *
 *   node --import tsx test/engine/prediction-algorithms/neighbourhood-accuracy-check.ts [word]
 */
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { CoClustering } from '../../../src/engine/prediction-algorithms/co-clustering.ts';
import { KNNBaseline, KNNBasic, KNNWithMeans } from '../../../src/engine/prediction-algorithms/knns.ts';
import { SlopeOne } from '../../../src/engine/prediction-algorithms/slope-one.ts';
import { kFold, loadLatestSmall, loadMl100k, ml100kPath, rmse, type Dataset } from '../movielens-fixture.ts';

const ITEM_PB = { sim: 'pearson_baseline', user_based: false };

const ML100K: [string, () => AlgoBase, number][] = [
  ['BaselineOnly', () => new BaselineOnly(), 0.944],
  ['SlopeOne', () => new SlopeOne(), 0.9459],
  ['KNNBasic', () => new KNNBasic(), 0.9797],
  ['KNNWithMeans', () => new KNNWithMeans(), 0.9511],
  ['KNNBaseline', () => new KNNBaseline(), 0.9307],
  ['KNNBasic_item', () => new KNNBasic({ user_based: false }), 0.9751],
  ['KNNWithMeans_item', () => new KNNWithMeans({ user_based: false }), 0.9354],
  ['KNNBaseline pearson_baseline item', () => new KNNBaseline(ITEM_PB), 0.9176],
  ['CoClustering', () => new CoClustering(), 0.9626],
];

const LATEST_SMALL: [string, () => AlgoBase, number][] = [
  ['BaselineOnly', () => new BaselineOnly(), 0.8772],
  ['KNNBaseline pearson_baseline item', () => new KNNBaseline(ITEM_PB), 0.8648],
];

function crossValidate(label: string, dataset: Dataset, nSplits: number, make: () => AlgoBase, surprise: number) {
  const rmses: number[] = [];
  const times: string[] = [];
  for (const { trainset, testRows } of kFold(dataset, nSplits, 0)) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const algo = make().fit(trainset);
    const wall1 = performance.now();
    const cpu1 = process.cpuUsage(cpu0);
    rmses.push(rmse(algo, dataset.data, testRows));
    const cpu2 = process.cpuUsage(cpu0);
    const fitCpu = (cpu1.user + cpu1.system) / 1e3;
    const testCpu = (cpu2.user + cpu2.system) / 1e3 - fitCpu;
    times.push(`${fitCpu.toFixed(0)}+${testCpu.toFixed(0)} (${(wall1 - wall0).toFixed(0)}+${(performance.now() - wall1).toFixed(0)})`);
  }
  const mean = rmses.reduce((a, b) => a + b) / rmses.length;
  const verdict = Math.abs(mean - surprise) <= 0.01 ? 'ok' : 'OFF';
  console.log(`${label.padEnd(50)} RMSE ${mean.toFixed(4)} (Surprise ${surprise.toFixed(4)}, ${verdict})`);
  console.log(`${''.padEnd(50)} fit+test ms per fold, CPU (wall): ${times.join(', ')}`);
}

const only = process.argv[2] ?? '';
const ml100k = loadMl100k();
for (const [name, make, surprise] of ML100K) {
  const label = `ml-100k 5-fold ${name}`;
  if (!label.includes(only)) continue;
  if (ml100k) crossValidate(label, ml100k, 5, make, surprise);
  else console.log(`${label}: ml-100k not found at ${ml100kPath}, skipped`);
}
const latestSmall = loadLatestSmall();
for (const [name, make, surprise] of LATEST_SMALL) {
  const label = `ml-latest-small 3-fold ${name}`;
  if (label.includes(only)) crossValidate(label, latestSmall, 3, make, surprise);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
