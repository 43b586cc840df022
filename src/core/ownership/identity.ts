import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Who has a library open: one row of `processes`. */
export interface ProcessRow {
  instance_id: string;
  pid: number;
  hostname: string;
  kind: string;
  started_at: string;
  writer: number;
}

export type ProcessKind = 'electron' | 'web' | 'cli';

/** When this process started: with the pid, it tells a live holder from a dead one whose pid came back. */
const PROCESS_STARTED_AT = new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString();

/** A fresh identity for one open of the library by this process. */
export function newIdentity(kind: ProcessKind): ProcessRow {
  return {
    instance_id: randomUUID(),
    pid: process.pid,
    hostname: hostname(),
    kind,
    started_at: PROCESS_STARTED_AT,
    writer: 0,
  };
}

/**
 * Whether the process a row names may still be running. A row from another machine (a
 * library on a shared folder) is taken as alive: we cannot see its processes, so we never
 * take its work. A row with our pid but another start time is a dead process whose pid the
 * system gave to us.
 */
export function processAlive(row: Pick<ProcessRow, 'pid' | 'hostname' | 'started_at'>): boolean {
  if (row.hostname !== hostname()) return true;
  if (row.pid === process.pid) return row.started_at === PROCESS_STARTED_AT;
  try {
    process.kill(row.pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder in words, for "library is in use by pid N (the app)". */
export function describeKind(kind: string): string {
  if (kind === 'electron') return 'the app';
  if (kind === 'web') return 'the web host, npm run serve';
  if (kind === 'cli') return 'another paper-review command';
  return kind;
}
