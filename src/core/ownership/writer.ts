import type { Db } from '../store/open';
import { AppError } from '../../shared/errors';
import { describeKind, processAlive } from './identity';
import { writerProcess } from './processes';
import { recoverOrphans } from './recovery';

/**
 * The library's writer role: one process at a time drafts and works the batch queue. It is a
 * flag on the process's own row, made exclusive by a partial unique index and taken inside
 * an IMMEDIATE transaction, so two processes can never both hold it; a holder that died
 * (kill -9, power loss) is replaced, and its work recovered, by the next taker.
 */
export function acquireWriter(db: Db, instanceId: string): void {
  const holder = writerProcess(db);
  if (holder && holder.instance_id !== instanceId && !processAlive(holder)) recoverOrphans(db);
  db.transaction(() => {
    const now = writerProcess(db);
    if (now?.instance_id === instanceId) return;
    if (now) {
      throw new AppError(
        'conflict',
        `The library is in use by pid ${now.pid} (${describeKind(now.kind)}); draft from there, or close it and try again.`,
      );
    }
    const taken = db.prepare('UPDATE processes SET writer = 1 WHERE instance_id = ?').run(instanceId).changes;
    if (taken === 0) throw new AppError('internal', 'This process is not registered with the library.');
  }).immediate();
}

export function holdsWriter(db: Db, instanceId: string): boolean {
  return writerProcess(db)?.instance_id === instanceId;
}
