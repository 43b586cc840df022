import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Review files come from other people: a FIFO, a device (/dev/zero) or a folder under a
 * .json name would hang or exhaust a naive reader. Each is opened without blocking
 * (O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever) and checked with
 * fstat on the open descriptor, so what is read is exactly what was checked.
 */

/** Largest review .json read whole (a corpus review file is a few hundred KB). */
export const MAX_JSON_FILE_BYTES = 64 * 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function notRegularFile(file: string): AppError {
  return new AppError(
    'bad_file',
    `${basename(file)} is not a regular file (a folder, FIFO, device or socket); only plain files are read.`,
  );
}

function checkRegular(file: string, st: Stats): void {
  if (!st.isFile()) throw notRegularFile(file);
}

/** Opens a regular file for streaming; the caller closes the handle. */
export async function openRegularFile(file: string): Promise<FileHandle> {
  const fh = await open(file, OPEN_FLAGS);
  try {
    checkRegular(file, await fh.stat());
    return fh;
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** A regular file's whole text, refused above `maxBytes` before a byte is read. */
export function readRegularFileSync(file: string, maxBytes = MAX_JSON_FILE_BYTES): string {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    checkRegular(file, st);
    if (st.size > maxBytes) {
      throw new AppError(
        'bad_file',
        `${basename(file)} is ${Math.ceil(st.size / 1048576)} MB; a review .json may be at most ${maxBytes / 1048576} MB (use .jsonl for more).`,
      );
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
