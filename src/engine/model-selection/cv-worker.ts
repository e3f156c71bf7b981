/**
 * Worker-thread entry of parallel cross-validation. It receives the ratings, the fold plan and the
 * task list once (in `workerData`; the arrays are SharedArrayBuffers, so nothing is copied), then
 * claims tasks from the shared counter until none is left, posting each result, and exits.
 */
import { workerData, parentPort } from 'node:worker_threads';
import { claim, type WorkerInput, type WorkerReply } from './fold-pool.ts';
import { runFold } from './fold-task.ts';

const port = parentPort;
if (!port) throw new Error('cv-worker is a worker-thread entry; run cross-validation through crossValidate');
const input = workerData as WorkerInput;
const reply = (message: WorkerReply): void => port.postMessage(message);

for (let id = claim(input); id < input.tasks.length; id = claim(input)) {
  try {
    reply({ type: 'result', id, result: await runFold(input.context, input.tasks[id]) });
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    // No thread claims another task: the evaluation has failed.
    Atomics.store(input.next, 0, input.tasks.length);
    reply({ type: 'error', name, message, stack });
    break;
  }
}
