/**
 * PGlite runs PostgreSQL inside one process with no postmaster to arbitrate, so two processes on the
 * same data directory would corrupt it. A lock file holding the owner's pid stops the second one
 * with a clear message; a lock left by a process that died is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseLockedError } from '../errors.ts';

export function lockDirectory(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (isAlive(owner)) {
        throw new DatabaseLockedError(
          `the embedded database ${dataDir} is in use by process ${owner}; stop it first, or set DATABASE_URL so several processes can share a PostgreSQL server`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
