import { closeSync, constants, fsyncSync, openSync } from 'node:fs';

/**
 * Open flags for a file that must be new: never an existing file, never through a symbolic
 * link planted at its name (O_NOFOLLOW is 0 where the platform lacks it; O_EXCL alone then
 * refuses an existing link).
 */
export const CREATE_NEW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Flushes a folder's entries (a rename, a new file) to disk. A rename is atomic but not
 * durable until its directory is synced: after a power cut the old name may be back.
 * Windows cannot open a folder for syncing (and NTFS journals renames), so it is skipped there.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
