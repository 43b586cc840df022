import type { Db } from '../store/open';
import { processAlive } from './identity';
import { listProcesses } from './processes';

export interface Recovered {
  /** Processes found dead and removed. */
  processes: number;
  /** Their running drafts, now 'error' (text kept). */
  drafts: number;
  /** Their claimed jobs, back in the queue. */
  jobs: number;
}

const INTERRUPTED = 'Interrupted: the process drafting it stopped before it finished.';

/**
 * Recovery after a crash, safe to run from any process at any time: only work whose owner
 * is gone (its process dead, or no owner recorded: a run before owners existed) is touched.
 * One IMMEDIATE transaction, so two processes recovering at once do it once.
 */
export function recoverOrphans(db: Db): Recovered {
  return db
    .transaction((): Recovered => {
      const dead = listProcesses(db).filter((p) => !processAlive(p));
      const drop = db.prepare('DELETE FROM processes WHERE instance_id = ?');
      for (const p of dead) drop.run(p.instance_id);
      const orphan = '(owner_id IS NULL OR owner_id NOT IN (SELECT instance_id FROM processes))';
      const drafts = db
        .prepare(
          `UPDATE drafts SET end_reason = 'error', error = ?, owner_id = NULL WHERE end_reason = 'running' AND ${orphan}`,
        )
        .run(INTERRUPTED).changes;
      const jobs = requeueOrphanJobsIn(db);
      return { processes: dead.length, drafts, jobs };
    })
    .immediate();
}

/** Claimed jobs whose owner is gone go back to 'queued' (inside the caller's transaction or alone). */
export function requeueOrphanJobsIn(db: Db): number {
  return db
    .prepare(
      `UPDATE draft_jobs SET status = 'queued', owner_id = NULL, updated_at = ?
       WHERE status = 'running' AND (owner_id IS NULL OR owner_id NOT IN (SELECT instance_id FROM processes))`,
    )
    .run(new Date().toISOString()).changes;
}
