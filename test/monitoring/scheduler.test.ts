import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchedulerSettings, startScheduler, type SchedulerLog, type SchedulerTasks } from '../../src/monitoring/scheduler.ts';

function recordingLog(): SchedulerLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_d, message) => lines.push(`info ${message}`), error: (d, message) => lines.push(`error ${message}: ${(d as { err?: Error }).err?.message}`) };
}

/** A promise with its resolve handle, to hold a task open while the test looks. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

const OFF = { driftSchedule: undefined, trainingSchedule: undefined, retrainOnDrift: false };

describe('scheduler settings', () => {
  test('everything is off unless set', () => {
    assert.deepEqual(loadSchedulerSettings({}), OFF);
    assert.deepEqual(loadSchedulerSettings({ DRIFT_SCHEDULE: ' 0 * * * * ', TRAINING_SCHEDULE: '30 2 * * 0', RETRAIN_ON_DRIFT: 'true' }), {
      driftSchedule: '0 * * * *',
      trainingSchedule: '30 2 * * 0',
      retrainOnDrift: true,
    });
  });

  test('bad values fail at start, naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DRIFT_SCHEDULE: 'hourly' }, /^DRIFT_SCHEDULE: expected a cron pattern of 5 or 6 fields/],
      [{ TRAINING_SCHEDULE: '0 25 * * *' }, /^TRAINING_SCHEDULE: .*0 25 \* \* \*/],
      [{ DRIFT_SCHEDULE: '2026-01-01T00:00:00' }, /^DRIFT_SCHEDULE: expected a cron pattern/],
      [{ DRIFT_SCHEDULE: '0 * * * *', RETRAIN_ON_DRIFT: 'yes' }, /^RETRAIN_ON_DRIFT: expected true, false, 1 or 0/],
      [{ RETRAIN_ON_DRIFT: '1' }, /^RETRAIN_ON_DRIFT: needs DRIFT_SCHEDULE/],
    ];
    for (const [env, message] of cases) assert.throws(() => loadSchedulerSettings(env), { name: 'DriftInputError', message }, JSON.stringify(env));
  });
});

describe('scheduler runs', () => {
  test('a drift check never overlaps the previous one, and drift starts training when asked to', async () => {
    const check = gate<{ drift_detected: boolean | null; report_url: string | null }>();
    const trained: string[] = [];
    let checks = 0;
    const tasks: SchedulerTasks = {
      checkDrift: () => (checks++, check.promise),
      train: async (reason) => (trained.push(reason), 'promoted v2'),
    };
    const log = recordingLog();
    const scheduler = startScheduler({ ...OFF, driftSchedule: '0 0 1 1 *', retrainOnDrift: true }, tasks, log);
    const first = scheduler.runDriftCheck();
    const second = scheduler.runDriftCheck();
    assert.equal(checks, 1);
    check.open({ drift_detected: true, report_url: '/monitoring/drift/reports/x' });
    await Promise.all([first, second]);
    await scheduler.runTraining('schedule'); // waits for the drift-started run, already over
    assert.deepEqual(trained, ['drift', 'schedule']);
    assert.ok(log.lines.includes('info scheduled drift check skipped: the previous one is still running'));
    assert.ok(log.lines.includes('info scheduled drift check finished'));
    await scheduler.stop();
  });

  test('training never overlaps: a second start while one runs is skipped', async () => {
    const run = gate<string>();
    let started = 0;
    const log = recordingLog();
    const scheduler = startScheduler(OFF, { checkDrift: () => Promise.reject(new Error('unused')), train: () => (started++, run.promise) }, log);
    const first = scheduler.runTraining('schedule');
    const second = scheduler.runTraining('drift');
    assert.equal(started, 1);
    run.open('rejected: not better');
    await Promise.all([first, second]);
    assert.ok(log.lines.includes('info scheduled training skipped: training started here is still running'));
    await scheduler.stop();
  });

  test('failures are logged, never thrown, and the next run goes ahead', async () => {
    const log = recordingLog();
    let attempts = 0;
    const tasks: SchedulerTasks = {
      checkDrift: async () => {
        attempts++;
        throw new Error('database unreachable');
      },
      train: async () => {
        throw new Error('training job 7 is already running');
      },
    };
    const scheduler = startScheduler({ ...OFF, retrainOnDrift: false }, tasks, log);
    await scheduler.runDriftCheck();
    await scheduler.runDriftCheck();
    await scheduler.runTraining('schedule');
    assert.equal(attempts, 2);
    assert.deepEqual(log.lines, [
      'error scheduled drift check failed: database unreachable',
      'error scheduled drift check failed: database unreachable',
      'error scheduled training failed: training job 7 is already running',
    ]);
    await scheduler.stop();
  });

  test('no drift, or drift without RETRAIN_ON_DRIFT, starts no training', async () => {
    for (const [detected, retrainOnDrift] of [[false, true], [true, false]] as const) {
      let trainings = 0;
      const scheduler = startScheduler({ ...OFF, retrainOnDrift }, { checkDrift: async () => ({ drift_detected: detected, report_url: null }), train: async () => (trainings++, '') }, recordingLog());
      await scheduler.runDriftCheck();
      assert.equal(trainings, 0);
      await scheduler.stop();
    }
  });

  test('the cron fires on its schedule, and stop() ends it', async () => {
    let checks = 0;
    const log = recordingLog();
    const scheduler = startScheduler({ ...OFF, driftSchedule: '* * * * * *' }, { checkDrift: async () => (checks++, { drift_detected: false, report_url: null }), train: async () => '' }, log);
    const next = scheduler.next();
    assert.ok(next.drift instanceof Date && next.drift.getTime() - Date.now() <= 1000);
    assert.equal(next.training, null);
    assert.equal(log.lines[0], 'info scheduler started');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await scheduler.stop();
    const seen = checks;
    assert.ok(seen >= 1, `${seen} checks in 2.2 s of a once-a-second schedule`);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(checks, seen, 'no run after stop()');
  });
});
