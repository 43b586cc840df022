import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartialFile } from './partial-file';

const dir = mkdtempSync(join(tmpdir(), 'prs-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Text mixing ASCII, escapes, 2-, 3- and 4-byte characters (surrogate pairs) and a lone surrogate. */
function mixed(n: number, seed: number): string {
  const pool = ['a', 'b ', '\n', 'é', '€', '中', '😀', '𝔸', '\ud800', '"'];
  let s = '';
  for (let i = 0; i < n; i++) s += pool[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % pool.length]!;
  return s;
}

describe('PartialFile', () => {
  it.each([16, 1000, 4096 * 3 + 7, 1 << 20])(
    'chunk %i: every byte reaches the file in order, and the hash is the sha256 of the file',
    async (chunk) => {
      const path = join(dir, `f-${chunk}.jsonl`);
      const f = new PartialFile(path, chunk);
      const expected: Buffer[] = [];
      for (let k = 0; k < 60; k++) {
        const text = mixed(k * 997, k + 1);
        const raw = Buffer.from(mixed(k * 31, k + 100), 'utf8');
        f.text(text);
        f.raw(raw);
        f.endLine();
        // Text goes through UTF-8 (a lone surrogate becomes U+FFFD, as with Buffer.from);
        // raw bytes are copied as they are.
        expected.push(Buffer.from(text, 'utf8'), raw, Buffer.from('\n'));
        await f.settle(1);
      }
      await f.settle(0);
      expect(existsSync(path)).toBe(false);
      const hash = f.commit();
      const bytes = readFileSync(path);
      expect(bytes.equals(Buffer.concat(expected))).toBe(true);
      expect(bytes.length).toBe(f.bytes);
      expect(f.lines).toBe(60);
      expect(hash).toBe(sha(bytes));
    },
  );
});
