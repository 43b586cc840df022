import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../services';
import { insertPaper } from '../../store/repos/papers';
import { tempDir } from '../../../../test/support/temp';
import { pdfPathFor, recoverPaperFiles, writePending } from './store-file';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);
const ID_C = 'c'.repeat(64);

/** The pid of a process that has exited: what a killed import leaves in its temporary name. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('paper files across a crash', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let s: Services | undefined;
  afterEach(async () => {
    await s?.close();
    dir?.remove();
  });

  it('repairs each state a kill can leave: row without file, file without row, dead temporary copies', () => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    const papers = s.paths.papers;
    const dead = deadPid();
    // Killed after its row committed, before the rename: the copy must be put in place.
    insertPaper(s.db, { id: ID_A, title: 'A', abstract: null, fileName: 'a.pdf' });
    writeFileSync(join(papers, `.${ID_A}.${dead}.0a0a.tmp`), '%PDF-a');
    // An orphan: a PDF no row names (an old build renamed before committing the row).
    writeFileSync(pdfPathFor(papers, ID_B), '%PDF-b');
    // Killed before its row: the temporary copy of a dead process goes.
    writeFileSync(join(papers, `.${ID_C}.${dead}.0b0b.tmp`), '%PDF-c');
    // A live import in this very process: left alone until it finishes.
    writeFileSync(join(papers, `.${ID_C}.${process.pid}.0c0c.tmp`), '%PDF-c');
    // An old-style temporary name without a pid, older than an hour: stale.
    const legacy = join(papers, `.${ID_C}.0d0d.tmp`);
    writeFileSync(legacy, '%PDF-c');
    utimesSync(legacy, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));

    const r = recoverPaperFiles(s.db, papers);
    expect(r.renamed).toEqual([`.${ID_A}.${dead}.0a0a.tmp`]);
    expect(r.removed.sort()).toEqual(
      [`${ID_B}.pdf`, `.${ID_C}.${dead}.0b0b.tmp`, `.${ID_C}.0d0d.tmp`].sort(),
    );
    expect(readFileSync(pdfPathFor(papers, ID_A), 'utf8')).toBe('%PDF-a');
    expect(readdirSync(papers).sort()).toEqual([`.${ID_C}.${process.pid}.0c0c.tmp`, `${ID_A}.pdf`].sort());
  });

  it('runs when a process opens the library', async () => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    const papers = s.paths.papers;
    writeFileSync(pdfPathFor(papers, ID_B), '%PDF-b');
    await s.close();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    expect(existsSync(pdfPathFor(papers, ID_B))).toBe(false);
  });

  it('commit() after another process recovered the copy is not an error', async () => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    const papers = s.paths.papers;
    const pending = await writePending(papers, ID_A, Buffer.from('%PDF-a'));
    insertPaper(s.db, { id: ID_A, title: 'A', abstract: null, fileName: 'a.pdf' });
    // Another process starting now finds the row and the temporary copy, and renames it.
    const [tmp] = readdirSync(papers);
    expect(tmp).toMatch(new RegExp(`^\\.${ID_A}\\.${process.pid}\\.`));
    expect(recoverPaperFiles(s.db, papers).renamed).toEqual([tmp]);
    await expect(pending.commit()).resolves.toBe(pdfPathFor(papers, ID_A));
    await pending.discard();
    expect(readdirSync(papers)).toEqual([`${ID_A}.pdf`]);
  });
});
