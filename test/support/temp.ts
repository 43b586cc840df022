import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder; remove() deletes it (tests call it in afterEach/afterAll). */
export function tempDir(prefix = 'prs-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
