/** PGlite is single-process: a second process on the same directory must be stopped, not corrupt it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockDirectory } from '../../../src/data/db/pglite/dir-lock.ts';
import { DatabaseLockedError } from '../../../src/data/db/errors.ts';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'marquee-lock-')), 'pgdata');

test('a directory locked by a live process is refused, naming the process', () => {
  const dir = dataDir();
  writeFileSync(`${dir}.lock`, String(process.ppid));
  assert.throws(() => lockDirectory(dir), (e: unknown) =>
    e instanceof DatabaseLockedError && e.message.includes(`in use by process ${process.ppid}`) && e.status === 409);
});

test('the lock is taken, released, and taken over from a process that died', () => {
  const dir = dataDir();
  const unlock = lockDirectory(dir);
  assert.equal(readFileSync(`${dir}.lock`, 'utf8'), String(process.pid));
  unlock();
  assert.equal(existsSync(`${dir}.lock`), false);
  const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
  writeFileSync(`${dir}.lock`, String(dead));
  const again = lockDirectory(dir);
  assert.equal(readFileSync(`${dir}.lock`, 'utf8'), String(process.pid));
  again();
});
