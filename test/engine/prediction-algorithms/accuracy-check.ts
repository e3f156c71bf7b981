/**
 * Compares the factor models and NormalPredictor with Surprise 1.1.4's published cross-validated
 * RMSEs, and prints single-thread fit times (CPU and wall), top-N and model-file timings.
 * Not a test: run it by hand (it takes about a minute).
 *
 *   node --import tsx test/engine/prediction-algorithms/accuracy-check.ts
 */
import { NMF, SVD } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../../src/engine/prediction-algorithms/svdpp.ts';
import { NormalPredictor } from '../../../src/engine/prediction-algorithms/random-pred.ts';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { TopNRanker } from '../../../src/engine/top-n.ts';
import { readModel, writeModel } from '../../../src/engine/model-file.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { kFold, loadLatestSmall, loadMl100k, ml100kPath, rmse, type Dataset } from '../movielens-fixture.ts';

function crossValidate(label: string, dataset: Dataset, nSplits: number, make: () => AlgoBase, surprise: number) {
  const rmses: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  for (const { trainset, testRows } of kFold(dataset, nSplits, 0)) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const algo = make().fit(trainset);
    wall.push(performance.now() - wall0);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
    rmses.push(rmse(algo, dataset.data, testRows));
  }
  const mean = rmses.reduce((a, b) => a + b) / rmses.length;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b);
  const verdict = Math.abs(mean - surprise) <= 0.01 ? 'ok' : 'OFF';
  console.log(
    `${label.padEnd(28)} RMSE ${mean.toFixed(4)} (Surprise ${surprise.toFixed(4)}, ${verdict})` +
      `  folds ${rmses.map((r) => r.toFixed(4)).join(' ')}` +
      `  fit: ${(sum(cpu) / 1000).toFixed(2)} s CPU, ${(sum(wall) / 1000).toFixed(2)} s wall for ${nSplits}` +
      ` (${(Math.min(...wall) / 1000).toFixed(2)} s fastest)`,
  );
}

function best(times: number, run: () => void): number {
  let fastest = Infinity;
  for (let k = 0; k < times; k++) {
    const t0 = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

const ml100k = loadMl100k();
if (ml100k) {
  crossValidate('ml-100k SVD', ml100k, 5, () => new SVD(), 0.9344);
  crossValidate('ml-100k SVDpp', ml100k, 5, () => new SVDpp(), 0.9187);
  crossValidate('ml-100k NMF', ml100k, 5, () => new NMF(), 0.9634);
  crossValidate('ml-100k NormalPredictor', ml100k, 5, () => new NormalPredictor(), 1.518);
} else {
  console.log(`ml-100k not found at ${ml100kPath}: skipped`);
}

const small = loadLatestSmall();
crossValidate('ml-latest-small SVD', small, 3, () => new SVD(), 0.8801);

const svd = new SVD().fit(Trainset.build(small.data, small.scale));
const nItems = svd.getTrainset().nItems;
const scores = new Float64Array(nItems);
const ranker = new TopNRanker(svd);
let user = 0;
const nUsers = svd.getTrainset().nUsers;
best(2000, () => svd.scoreAll(user++ % nUsers, scores)); // warm up
console.log(`scoreAll, SVD, ${nItems} items: ${best(2000, () => svd.scoreAll(user++ % nUsers, scores)).toFixed(3)} ms (best of 2000)`);
best(2000, () => ranker.rank(user++ % nUsers, 10));
console.log(`top-10 for one user: ${best(2000, () => ranker.rank(user++ % nUsers, 10)).toFixed(3)} ms (best of 2000)`);
let file: Buffer = Buffer.alloc(0);
const writeMs = best(10, () => (file = writeModel(svd, { engineVersion: 'check' })));
const readMs = best(10, () => readModel(file, () => new SVD()));
console.log(`model file, SVD on ml-latest-small: ${(file.length / 1e6).toFixed(1)} MB, write ${writeMs.toFixed(1)} ms, load ${readMs.toFixed(1)} ms (best of 10)`);
