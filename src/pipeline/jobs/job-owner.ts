/**
 * Who runs a job: `host:pid:run.token`. A process on the same host can tell at once whether the
 * owner is alive (signal 0); a job owned by another host is presumed dead only when its heartbeat is
 * older than the staleness limit. `run` is drawn once per process: in a container every start is
 * pid 1 on the same host name, so a job owned by our own pid in another run was left by an earlier
 * start of this container. `token` tells apart the job services of one process.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

const PROCESS_RUN = randomBytes(4).toString('hex');

export function newOwner(): string {
  return `${hostname()}:${process.pid}:${PROCESS_RUN}.${randomBytes(4).toString('hex')}`;
}

/** Why the owner of a job is considered gone, or undefined while it may still be at work. */
export function goneReason(owner: string, heartbeatAt: Date, staleAfterMs: number, now = Date.now()): string | undefined {
  const [host, pidText, token = ''] = owner.split(':');
  const pid = Number(pidText);
  if (host === hostname() && Number.isInteger(pid) && pid > 0) {
    if (!isAlive(pid)) return `process ${pid} on ${host} that ran it is gone (crashed or killed)`;
    if (pid === process.pid && token.split('.')[0] !== PROCESS_RUN) return `an earlier start of process ${pid} on ${host} left it (the process restarted)`;
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
