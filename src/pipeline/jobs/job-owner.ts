/**
 * Who runs a job: `host:pid:token`. A process on the same host can tell at once whether the owner
 * is alive (signal 0); a job owned by another host is presumed dead only when its heartbeat is
 * older than the staleness limit. The token tells two runs of the same pid apart in the logs.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Why the owner of a job is considered gone, or undefined while it may still be at work. */
export function goneReason(owner: string, heartbeatAt: Date, staleAfterMs: number, now = Date.now()): string | undefined {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host === hostname() && Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
    return `process ${pid} on ${host} that ran it is gone (crashed or killed)`;
  }
  const silentMs = now - heartbeatAt.getTime();
  if (silentMs > staleAfterMs) return `no heartbeat from ${owner} for ${Math.round(silentMs / 1000)} s`;
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
