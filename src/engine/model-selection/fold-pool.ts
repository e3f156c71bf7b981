/**
 * Runs fold tasks on the main thread plus `jobs - 1` worker threads.
 *
 * - The ratings and the fold plan are copied once into SharedArrayBuffers and handed to every worker
 *   at start, so nothing is copied per task; a result is a handful of numbers.
 * - Tasks are claimed from one shared counter (`Atomics.add`) by whichever thread is free, the main
 *   thread included. Nobody waits for a dispatcher, and the main thread starts computing at once
 *   while the workers start (a few tens of milliseconds, more under tsx). A quick evaluation
 *   (BaselineOnly on ml-100k, ~20 ms a fold) is mostly done before a worker is up; a slow one keeps
 *   every thread busy. Workers that find no task left exit by themselves.
 * - Workers start only when they can pay for themselves. Starting one costs ~100 ms of CPU (loading
 *   modules, warming the JIT again) on a machine whose cores may already be busy; a cheap evaluation
 *   (BaselineOnly on ml-100k: 5 folds in ~0.2 s) runs faster on the main thread alone, measured
 *   0.37 s against 0.73 s with one worker. See `workersPayOff`.
 * - Results are stored by task index, and a task's numbers depend only on the task, so the output
 *   is the same whichever thread ran what.
 */
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runFold, type FoldContext, type FoldResult, type FoldTask } from './fold-task.ts';

/** What each worker receives once: the shared context, the task list and the shared task counter. */
export interface WorkerInput {
  context: FoldContext;
  tasks: readonly FoldTask[];
  /** `next[0]` is the index of the next unclaimed task. */
  next: Int32Array;
}

/** Messages from a worker to the main thread. */
export type WorkerReply =
  | { type: 'result'; id: number; result: FoldResult }
  | { type: 'error'; name: string; message: string; stack?: string };

export interface PoolOptions {
  /** Let the main thread run tasks too (default true). Tests turn it off to make workers run them all. */
  mainThreadRuns?: boolean;
}

/** Same directory and extension as this module: `.ts` under tsx, `.js` once compiled to dist/. */
const WORKER_URL = new URL(`./cv-worker${extname(new URL(import.meta.url).pathname)}`, import.meta.url);

export async function runFoldTasks(
  context: FoldContext,
  tasks: readonly FoldTask[],
  jobs: number,
  options: PoolOptions = {},
): Promise<FoldResult[]> {
  const mainThreadRuns = options.mainThreadRuns ?? true;
  const nWorkers = mainThreadRuns && !workersPayOff(context, tasks) ? 0 : Math.min(mainThreadRuns ? jobs - 1 : jobs, tasks.length);
  const results = new Array<FoldResult>(tasks.length);
  if (nWorkers <= 0) {
    for (let id = 0; id < tasks.length; id++) results[id] = await runFold(context, tasks[id]);
    return results;
  }
  const input: WorkerInput = { context: shareContext(context), tasks, next: new Int32Array(new SharedArrayBuffer(4)) };
  const workers: Worker[] = [];
  let done = 0;
  let failure: Error | undefined;
  let settle!: () => void;
  const allDone = new Promise<void>((resolve) => (settle = resolve));
  const complete = (id: number, result: FoldResult) => {
    results[id] = result;
    if (++done === tasks.length) settle();
  };
  const fail = (error: Error) => {
    failure ??= error;
    // No thread claims another task; the ones running are abandoned below.
    Atomics.store(input.next, 0, tasks.length);
    settle();
  };

  for (let w = 0; w < nWorkers; w++) {
    const worker = startWorker(input);
    workers.push(worker);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'result') complete(reply.id, reply.result);
      else fail(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && done < tasks.length) fail(new Error(`a cross-validation worker exited with code ${code}`));
    });
  }
  if (mainThreadRuns) {
    for (let id = claim(input); id < tasks.length && !failure; id = claim(input)) {
      try {
        complete(id, await runFold(context, tasks[id]));
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
  await allDone;
  await Promise.all(workers.map((worker) => worker.terminate()));
  if (failure) throw failure;
  return results;
}

/**
 * Algorithms whose fit and test are a few passes over the ratings (registry names, lower case):
 * ~0.4 µs per rating per fold, building the trainset and predicting included. Every other
 * algorithm, and any algorithm loaded from a module, is assumed costly enough for workers.
 */
const LINEAR_ALGORITHMS = new Set(['baselineonly', 'normalpredictor', 'popularity']);
const LINEAR_SECONDS_PER_RATING = 0.4e-6;
/** Below this much estimated work the main thread alone finishes first. */
const WORKER_WORTHWHILE_S = 0.5;

/** Whether worker threads would finish these tasks sooner than the main thread alone. */
export function workersPayOff(context: FoldContext, tasks: readonly FoldTask[]): boolean {
  const linear = tasks.every((task) => {
    const spec = context.specs[task.candidate];
    return spec.module === undefined && LINEAR_ALGORITHMS.has(spec.algo.toLowerCase());
  });
  if (!linear) return true;
  return tasks.length * context.data.ratings.length * LINEAR_SECONDS_PER_RATING >= WORKER_WORTHWHILE_S;
}

/** Index of the next task for the calling thread; `tasks.length` or more when none is left. */
export function claim(input: WorkerInput): number {
  return Atomics.add(input.next, 0, 1);
}

function startWorker(workerData: WorkerInput): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL, { workerData });
  // Running from source under tsx (tests, benchmarks). A worker inherits `--import tsx` in its
  // execArgv, but Node 20 does not run `--import` modules in workers, so the TypeScript entry would
  // fail to load: the worker registers tsx itself first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** The context with its typed arrays moved into SharedArrayBuffers, so workers read them in place. */
function shareContext(context: FoldContext): FoldContext {
  const { data, plan } = context;
  return {
    ...context,
    data: { userIds: share(data.userIds), itemIds: share(data.itemIds), ratings: share(data.ratings) },
    plan: { order: share(plan.order), testStart: plan.testStart, testEnd: plan.testEnd },
  };
}

function share<T extends Int32Array | Float32Array>(array: T): T {
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
