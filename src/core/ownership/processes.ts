import type { Db } from '../store/open';
import type { ProcessRow } from './identity';

/**
 * The `processes` table: every process with the library open registers on open and leaves on
 * close. Each connection is bound to its registration, so code that marks work as running
 * (a draft row, a claimed job) names its owner without being handed one.
 */

const owners = new WeakMap<Db, string>();

export function registerProcess(db: Db, me: ProcessRow): void {
  db.prepare(
    `INSERT INTO processes (instance_id, pid, hostname, kind, started_at, writer) VALUES (?, ?, ?, ?, ?, 0)`,
  ).run(me.instance_id, me.pid, me.hostname, me.kind, me.started_at);
  owners.set(db, me.instance_id);
}

/** Leaves the table (and with it the writer role); its finished work stays as it is. */
export function unregisterProcess(db: Db, instanceId: string): void {
  db.prepare('DELETE FROM processes WHERE instance_id = ?').run(instanceId);
  owners.delete(db);
}

/** The instance id this connection works for, or null for a connection no process registered (tests, tools). */
export function ownerOf(db: Db): string | null {
  return owners.get(db) ?? null;
}

export function listProcesses(db: Db): ProcessRow[] {
  return db.prepare('SELECT * FROM processes ORDER BY started_at').all() as ProcessRow[];
}

export function writerProcess(db: Db): ProcessRow | null {
  return (db.prepare('SELECT * FROM processes WHERE writer = 1').get() as ProcessRow | undefined) ?? null;
}
