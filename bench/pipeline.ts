/**
 * Training pipeline benchmark: the whole job, end to end, as `POST /training/` runs it — ratings
 * read from the database, the three default candidates cross-validated (3 folds, worker threads),
 * one MLflow run each under a parent run on the embedded tracking server, holdout comparison,
 * refit, model file uploaded to the local artifact store and verified, version registered and
 * promoted — on the bundled ml-latest-small (target ≤ 30 s), then on ml-100k when it is present.
 * Each data set is trained twice: the first run promotes, the second compares with that champion.
 *
 *   node --import tsx bench/pipeline.ts [ml-latest-small | ml-100k]
 *
 * The database is a fresh embedded PGlite in a temp folder; its creation and the data import are
 * timed apart and not counted. ml-100k is read from the shared MovieLens folder
 * (MARQUEE_SHARED_DATA, else ../shared/data/movielens beside the repository).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalArtifactStore } from '../src/artifacts/local/local-store.ts';
import { openPglite } from '../src/data/db/pglite/index.ts';
import { migrate } from '../src/data/db/migrator.ts';
import { importDataset } from '../src/data/movielens/import-dataset.ts';
import { directorySource } from '../src/data/movielens/sources/directory.ts';
import type { JobEnd } from '../src/pipeline/jobs/training-jobs.service.ts';
import { connectTracking } from '../src/pipeline/tracking-connection.ts';
import { createTrainingRuntime } from '../src/pipeline/training-runtime.ts';
import type { TrainingEvent } from '../src/pipeline/training.pipeline.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = process.env.MARQUEE_SHARED_DATA ?? join(ROOT, '../shared/data/movielens');
const DATASETS = [
  { name: 'ml-latest-small', dir: join(ROOT, 'data/ml-latest-small'), targetS: 30 },
  { name: 'ml-100k', dir: join(SHARED, 'ml-100k'), targetS: undefined },
];

const filters = process.argv.slice(2);
console.log(`# Training pipeline benchmark (${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)}, Node ${process.version})`);
console.log('Default candidates (SVD, KNNBaseline item pearson_baseline, BaselineOnly), 3-fold CV, 20% holdout, embedded tracking, local artifacts.\n');

for (const dataset of DATASETS) {
  if (filters.length > 0 && !filters.some((f) => dataset.name.includes(f))) continue;
  if (!existsSync(dataset.dir)) {
    console.log(`## ${dataset.name}\nskipped: ${dataset.dir} not found (set MARQUEE_SHARED_DATA)\n`);
    continue;
  }
  await benchDataset(dataset);
}

async function benchDataset(dataset: (typeof DATASETS)[number]): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'marquee-bench-pipeline-'));
  let t = performance.now();
  const db = await openPglite(join(home, 'pgdata'));
  await migrate(db);
  const createS = seconds(t);
  t = performance.now();
  const imported = await importDataset(db, directorySource(dataset.dir));
  const importS = seconds(t);
  const artifacts = new LocalArtifactStore(join(home, 'artifacts'));
  const tracking = await connectTracking({ trackingUri: undefined, db, artifacts, logLevel: 'silent' });
  const runtime = await createTrainingRuntime({ db, tracking: tracking.client, env: {} });
  try {
    const ratings = imported.tables.find((x) => x.table === 'ratings')?.rows ?? 0;
    console.log(`## ${dataset.name}: ${ratings.toLocaleString('en-US')} ratings`);
    console.log(`(not counted: database created in ${createS.toFixed(1)} s, data imported in ${importS.toFixed(1)} s)\n`);
    console.log('| run | decision | wall s | load | CV | compare | refit | upload | register | model MB |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const label of ['first (promotes)', 'second (same data)']) {
      const steps: { step: string; at: number }[] = [];
      const started = performance.now();
      const end = await (await runtime.jobs.start({ trigger: 'cli', onEvent: (e: TrainingEvent) => e.type === 'step' && steps.push({ step: e.step, at: performance.now() }) })).done;
      const wall = seconds(started);
      report(label, end, wall, steps, performance.now());
      if (label.startsWith('first')) {
        for (const c of end.job?.candidates ?? []) {
          console.log(`|  ${c.name} | CV RMSE ${c.rmse.toFixed(4)}, MAE ${c.mae.toFixed(4)}, P@10 ${c.precision_at_10.toFixed(4)}, NDCG@10 ${c.ndcg_at_10.toFixed(4)}, fit ${c.fit_seconds.toFixed(2)} s (3 folds) | | | | | | | | |`);
        }
        if (dataset.targetS !== undefined) {
          const verdict = wall <= dataset.targetS ? 'met' : 'MISSED';
          console.log(`|  target | ≤ ${dataset.targetS} s: ${verdict} | | | | | | | | |`);
        }
      }
    }
    console.log('');
  } finally {
    await runtime.close();
    await tracking.close();
    await db.close();
    await rm(home, { recursive: true, force: true });
  }
}

function report(label: string, end: JobEnd, wall: number, steps: { step: string; at: number }[], finished: number): void {
  const span = (name: string) => {
    const k = steps.findIndex((s) => s.step === name);
    if (k < 0) return '-';
    const next = k + 1 < steps.length ? steps[k + 1].at : finished;
    return ((next - steps[k].at) / 1000).toFixed(1);
  };
  const job = end.job;
  const decision = job?.state === 'failed' ? `FAILED: ${job.error}` : `${job?.decision}${job?.model ? ` v${job.model.version}` : ''}`;
  const mb = end.outcome?.model ? (end.outcome.model.bytes / 1e6).toFixed(1) : '-';
  console.log(
    `| ${label} | ${decision} | ${wall.toFixed(1)} | ${span('loading')} | ${span('cross-validating')} | ${span('comparing')} | ${span('refitting')} | ${span('uploading')} | ${span('registering')} | ${mb} |`,
  );
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
