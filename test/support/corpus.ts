import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './temp';

/** ../shared/corpus next to the checkout; absent in a fresh clone. */
export const CORPUS_DIR = join(REPO_ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(join(CORPUS_DIR, 'pdfs'));
export const CORPUS_SKIP_REASON = `skipped: ${CORPUS_DIR} is absent (a fresh clone has no ../shared)`;

/** A PDF copied into test/fixtures/pdfs (the CC-BY ones core tests need), else from the corpus. */
export function fixturePdf(name: string): string {
  const local = join(REPO_ROOT, 'test', 'fixtures', 'pdfs', name);
  if (existsSync(local)) return local;
  return join(CORPUS_DIR, 'pdfs', name);
}
