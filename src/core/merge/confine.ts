import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * A merge manifest comes from someone else's machine. The paths it lists must name regular
 * files inside the export folder: no absolute path, no `..`, and no symlink whose target is
 * outside the folder. Every listed path is checked before any file is read, so a hostile
 * manifest learns nothing and reads nothing (a `../../` path would otherwise hash any file
 * the user can read, and a FIFO would hang the merge).
 */
export function confinedFile(dir: string, listed: string): string {
  const refuse = (why: string) =>
    new AppError('bad_file', `The manifest lists "${listed}", ${why}: refused, nothing was read.`);
  if (listed === '' || listed.includes('\0')) throw refuse('which is not a file name');
  if (isAbsolute(listed) || /^[a-zA-Z]:|^[\\/]/.test(listed)) throw refuse('an absolute path');
  if (listed.split(/[\\/]/).includes('..')) throw refuse('which climbs out of the export folder');
  const root = realpathSync(dir);
  let real: string;
  try {
    real = realpathSync(resolve(root, listed));
  } catch {
    throw refuse('which is not in the export folder');
  }
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw refuse('a link to a file outside the export folder');
  }
  if (!statSync(real).isFile()) throw refuse('which is not a regular file');
  return real;
}
