/**
 * Telling a dead job owner from a live one: a dead pid on this host, our own pid in an earlier run
 * (a restarted container is pid 1 again), or a heartbeat older than the staleness limit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { goneReason, newOwner } from '../../src/pipeline/jobs/job-owner.ts';

const now = Date.now();
const fresh = new Date(now);
const STALE_MS = 60_000;

test('an owner of this process, fresh heartbeat: still at work, whichever job service it is', () => {
  assert.equal(goneReason(newOwner(), fresh, STALE_MS, now), undefined);
  assert.notEqual(newOwner(), newOwner());
});

test('our own pid in an earlier run (a restarted container): gone at once', () => {
  const earlier = `${hostname()}:${process.pid}:deadbeef.0000aaaa`;
  assert.match(goneReason(earlier, fresh, STALE_MS, now) ?? '', /earlier start of process \d+ .*restarted/);
});

test('a pid on this host that has exited: gone at once', () => {
  const child = spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  assert.equal(child.status, 0);
  const owner = `${hostname()}:${child.pid}:0000aaaa.0000bbbb`;
  assert.match(goneReason(owner, fresh, STALE_MS, now) ?? '', /is gone \(crashed or killed\)/);
});

test('another host: alive until its heartbeat is older than the limit', () => {
  const owner = 'another-host:1:0000aaaa.0000bbbb';
  assert.equal(goneReason(owner, new Date(now - STALE_MS + 1000), STALE_MS, now), undefined);
  assert.match(goneReason(owner, new Date(now - STALE_MS - 1000), STALE_MS, now) ?? '', /no heartbeat from another-host:1:0000aaaa.0000bbbb for 61 s/);
});
