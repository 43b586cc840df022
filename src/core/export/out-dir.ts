import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { CREATE_NEW, fsyncDir, processAlive } from '../durable-fs';

/** Held in the export folder while an export writes there; names the writing process. */
export const EXPORT_LOCK = '.export.lock';

/**
 * Makes (or checks) the export folder and takes its lock: a folder that is a symbolic link
 * is refused (an export must land where the user pointed, not where a link leads), a
 * second export into the same folder gets a clear conflict, and the folder must otherwise
 * be empty. The lock file holds the writer's pid, so one left by a killed export is told
 * from a live one. releaseExportLock(dir, exportId) gives it back.
 */
export function lockExportDir(dir: string, exportId: string): void {
  refuseSymlink(dir);
  mkdirSync(dir, { recursive: true });
  refuseSymlink(dir);
  const lock = join(dir, EXPORT_LOCK);
  if (!tryCreateLock(lock, exportId)) {
    const owner = readLockOwner(lock);
    const others = readdirSync(dir).filter((n) => n !== EXPORT_LOCK);
    // No readable owner: another export is between creating its lock and writing its pid.
    if (owner === null || processAlive(owner.pid)) {
      throw new AppError(
        'conflict',
        `Another export${owner ? ` (process ${owner.pid})` : ''} is writing into ${dir}; wait for it or choose another folder.`,
      );
    }
    if (others.length > 0) {
      throw new AppError(
        'conflict',
        `${dir} holds an export that was interrupted (no manifest.json); remove the folder or choose a new one.`,
      );
    }
    // A lock left by a process killed before it wrote anything: nothing to protect.
    rmSync(lock, { force: true });
    if (!tryCreateLock(lock, exportId)) {
      throw new AppError('conflict', `Another export started writing into ${dir}; choose another folder.`);
    }
  }
  const others = readdirSync(dir).filter((n) => n !== EXPORT_LOCK);
  if (others.length > 0) {
    releaseExportLock(dir, exportId);
    throw new AppError('conflict', `${dir} is not empty; choose a new folder for the export.`);
  }
}

/** Removes the lock if this export holds it (a later export's lock is never touched). */
export function releaseExportLock(dir: string, exportId: string): void {
  const lock = join(dir, EXPORT_LOCK);
  if (readLockOwner(lock)?.exportId === exportId) {
    rmSync(lock, { force: true });
    fsyncDir(dir);
  }
}

function refuseSymlink(dir: string): void {
  let link = false;
  try {
    link = lstatSync(dir).isSymbolicLink();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (link) {
    throw new AppError('invalid_input', `${dir} is a symbolic link; choose a real folder for the export.`);
  }
}

function tryCreateLock(lock: string, exportId: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, CREATE_NEW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if ((e as NodeJS.ErrnoException).code === 'ELOOP')
      throw new AppError('invalid_input', `${lock} is a symbolic link; choose a real folder for the export.`);
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, exportId }) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLockOwner(lock: string): { pid: number; exportId: string } | null {
  try {
    const v = JSON.parse(readFileSync(lock, 'utf8')) as { pid?: unknown; exportId?: unknown };
    return typeof v.pid === 'number' && typeof v.exportId === 'string'
      ? { pid: v.pid, exportId: v.exportId }
      : null;
  } catch {
    return null;
  }
}
