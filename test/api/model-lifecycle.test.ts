import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServingModel } from '../../src/api/model-holder.ts';
import { ModelLifecycle, type ChampionSource, type ChampionVersion } from '../../src/api/model-lifecycle.ts';

/** A registry in memory: `alias` is the champion; `broken` versions fail to load. */
function fakeRegistry() {
  const state = { alias: undefined as string | undefined, broken: new Set<string>(), reachable: true, loads: [] as string[], gate: undefined as Promise<void> | undefined };
  const source: ChampionSource = {
    async champion() {
      if (!state.reachable) throw new Error('registry down');
      return state.alias === undefined ? undefined : { name: 'm', version: state.alias };
    },
    async load(version: ChampionVersion): Promise<ServingModel> {
      state.loads.push(version.version);
      await state.gate;
      if (state.broken.has(version.version)) throw new Error(`v${version.version} is damaged`);
      return { name: version.name, version: version.version, algorithm: {} as never, rmse: 0.9 };
    },
  };
  return { state, source };
}

function recordingMetrics() {
  const calls: string[] = [];
  return {
    calls,
    metrics: {
      setModel: (name: string, version: string, rmse: number | undefined) => void calls.push(`set ${name} v${version} ${rmse}`),
      recordModelLoadFailure: (name: string, version: string) => void calls.push(`failed ${name} v${version}`),
    },
  };
}

function recordingLog() {
  const lines: string[] = [];
  const log = { info: (_: object, m: string) => void lines.push(`info ${m}`), warn: (_: object, m: string) => void lines.push(`warn ${m}`), error: (_: object, m: string) => void lines.push(`error ${m}`) };
  return { lines, log };
}

describe('ModelLifecycle', () => {
  test('serves nothing until there is a champion, then the champion, and swaps when the alias moves', async () => {
    const { state, source } = fakeRegistry();
    const { calls, metrics } = recordingMetrics();
    const lifecycle = new ModelLifecycle({ source, metrics, pollSeconds: 3600 });
    await lifecycle.start();
    assert.equal(lifecycle.current(), null);
    state.alias = '1';
    await lifecycle.refresh();
    const first = lifecycle.current();
    assert.equal(first?.version, '1');
    await lifecycle.refresh();
    assert.equal(lifecycle.current(), first, 'the same champion is not loaded again');
    state.alias = '2';
    await lifecycle.refresh();
    assert.equal(lifecycle.current()?.version, '2');
    assert.deepEqual(state.loads, ['1', '2']);
    assert.deepEqual(calls, ['set m v1 0.9', 'set m v2 0.9']);
    await lifecycle.stop();
  });

  test('a champion that fails to load is not swapped in: the old one keeps serving, the failure is logged and counted once', async () => {
    const { state, source } = fakeRegistry();
    const { calls, metrics } = recordingMetrics();
    const { lines, log } = recordingLog();
    state.alias = '1';
    const lifecycle = new ModelLifecycle({ source, metrics, pollSeconds: 3600 });
    await lifecycle.start(log);
    state.alias = '2';
    state.broken.add('2');
    await lifecycle.refresh();
    await lifecycle.refresh();
    assert.equal(lifecycle.current()?.version, '1');
    assert.deepEqual(state.loads, ['1', '2'], 'a failed version is not retried on every poll');
    assert.deepEqual(calls, ['set m v1 0.9', 'failed m v2']);
    assert.ok(lines.includes('error champion m v2 cannot be loaded; m v1 keeps serving'), lines.join('\n'));
    // A local promotion names it again (say, after the file was repaired): it is retried.
    state.broken.delete('2');
    await lifecycle.refresh({ retryFailed: true });
    assert.equal(lifecycle.current()?.version, '2');
    await lifecycle.stop();
  });

  test('an unreachable registry keeps the current model', async () => {
    const { state, source } = fakeRegistry();
    const { lines, log } = recordingLog();
    state.alias = '1';
    const lifecycle = new ModelLifecycle({ source, pollSeconds: 3600 });
    await lifecycle.start(log);
    state.reachable = false;
    await lifecycle.refresh();
    assert.equal(lifecycle.current()?.version, '1');
    assert.match(lines.at(-1)!, /^warn cannot read the champion/);
    await lifecycle.stop();
  });

  test('checks never overlap: asks made during a slow load share the next check', async () => {
    const { state, source } = fakeRegistry();
    state.alias = '1';
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const lifecycle = new ModelLifecycle({ source, pollSeconds: 3600 });
    const first = lifecycle.refresh();
    await new Promise((r) => setImmediate(r));
    const asks = [lifecycle.refresh(), lifecycle.refresh(), lifecycle.refresh()];
    assert.equal(asks[0], asks[2], 'one queued check for all of them');
    open();
    await Promise.all([first, ...asks]);
    assert.deepEqual(state.loads, ['1']);
    assert.equal(lifecycle.current()?.version, '1');
  });

  test('a changed event is acted on at once, without waiting for the poll', async () => {
    const { state, source } = fakeRegistry();
    const changes = new EventEmitter();
    state.alias = '1';
    const lifecycle = new ModelLifecycle({ source, changes, pollSeconds: 3600 });
    await lifecycle.start();
    state.alias = '3';
    changes.emit('changed');
    await lifecycle.refresh(); // queued behind the check the event started
    assert.equal(lifecycle.current()?.version, '3');
    await lifecycle.stop();
    assert.equal(changes.listenerCount('changed'), 0, 'stop() unsubscribes');
  });

  test('polls the registry on its interval', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const { state, source } = fakeRegistry();
    state.alias = '1';
    const lifecycle = new ModelLifecycle({ source, pollSeconds: 5 });
    await lifecycle.start();
    state.alias = '2';
    t.mock.timers.tick(4999);
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(state.loads, ['1']);
    t.mock.timers.tick(1);
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(state.loads, ['1', '2']);
    await lifecycle.stop();
  });
});
