import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp';
import { createServices, type Services } from '../../services';
import { countPapers, getLatestPaperText, getPaper, searchPapers } from '../../store/repos/papers';
import { AppError } from '../../../shared/errors';
import type { ImportProgress } from '../../../shared/contract/library';
import { extractPdfInProcess, importBytes, importFiles, paperPdfPath, type ExtractFn } from './index';
import { makePdf } from './pdfs.fixtures';

const extract = extractPdfInProcess;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('importFiles', () => {
  let dir: ReturnType<typeof tempDir>;
  let s: Services;
  let inbox: string;
  beforeEach(() => {
    dir = tempDir();
    s = createServices({ dataDir: join(dir.path, 'lib'), host: 'cli' });
    inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
  });
  afterEach(async () => {
    await s.close();
    dir.remove();
  });
  const papersDirFiles = () => readdirSync(s.paths.papers).sort();

  it('imports a PDF: row, content-addressed copy, text, search, progress events', async () => {
    const bytes = await makePdf({ title: 'Zebrafish Dynamics', body: 'the axolotl', pages: 2 });
    const file = join(inbox, 'zebra.pdf');
    writeFileSync(file, bytes);
    const events: ImportProgress[] = [];
    const off = s.events.subscribe(
      (name, p) => name === 'importProgress' && events.push(p as ImportProgress),
    );
    const [r] = await importFiles(s, [file], { extract, batchId: 'b1' });
    off();
    const id = sha(bytes);
    expect(r).toEqual({ file, status: 'imported', id, title: 'Zebrafish Dynamics', pages: 2, warnings: [] });
    expect(getPaper(s.db, id)).toMatchObject({
      title: 'Zebrafish Dynamics',
      fileName: 'zebra.pdf',
      pages: 2,
      hasPdf: true,
      status: 'new',
    });
    expect(readFileSync(join(s.paths.papers, `${id}.pdf`)).equals(Buffer.from(bytes))).toBe(true);
    expect(papersDirFiles()).toEqual([`${id}.pdf`]);
    expect(getLatestPaperText(s.db, id)?.sections.length).toBeGreaterThan(0);
    expect(searchPapers(s.db, 'axolotl').map((h) => h.id)).toEqual([id]);
    expect(paperPdfPath(s, id)).toBe(join(s.paths.papers, `${id}.pdf`));
    const phases = events.map((e) => e.phase);
    expect(phases[0]).toBe('reading');
    expect(phases).toContain('extracting');
    expect(phases.at(-1)).toBe('imported');
    expect(events.every((e) => e.batchId === 'b1' && e.total === 1 && e.index === 0 && e.file === file)).toBe(
      true,
    );
  });

  it('falls back to the file name for a title', async () => {
    const file = join(inbox, 'My Paper.PDF');
    writeFileSync(file, await makePdf({ bare: true }));
    const [r] = await importFiles(s, [file], { extract });
    expect(r?.status).toBe('imported');
    expect(r?.title).toBe('My Paper');
  });

  it('reports the same bytes again as a duplicate of the stored paper, stored once', async () => {
    const bytes = await makePdf();
    writeFileSync(join(inbox, 'a.pdf'), bytes);
    writeFileSync(join(inbox, 'b.pdf'), bytes);
    const [first] = await importFiles(s, [join(inbox, 'a.pdf')], { extract });
    const results = await importFiles(s, [join(inbox, 'a.pdf'), join(inbox, 'b.pdf')], { extract });
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(results.every((r) => r.id === first?.id && r.title === first?.title && r.pages === 1)).toBe(true);
    expect(countPapers(s.db)).toBe(1);
    expect(getPaper(s.db, first!.id!)?.fileName).toBe('a.pdf'); // the first name is kept
    expect(papersDirFiles()).toEqual([`${first!.id}.pdf`]);
  });

  it('imports the good files of a mixed folder and reports each bad one, leaving no orphans', async () => {
    const good1 = await makePdf({ title: 'Good Paper Number One' });
    const good2 = await makePdf({ title: 'Good Paper Number Two' });
    mkdirSync(join(inbox, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(inbox, 'good1.pdf'), good1);
    writeFileSync(join(inbox, 'sub', 'deeper', 'GOOD2.PDF'), good2);
    writeFileSync(join(inbox, 'empty.pdf'), '');
    writeFileSync(join(inbox, 'notes.pdf'), 'These are my notes, not a PDF.\n');
    writeFileSync(
      join(inbox, 'garbage.pdf'),
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]),
    );
    writeFileSync(join(inbox, 'readme.txt'), 'ignored: not a .pdf');
    writeFileSync(join(inbox, '._good1.pdf'), 'macOS resource fork, ignored');
    const results = await importFiles(s, [inbox, join(dir.path, 'missing.pdf')], { extract });
    const by = Object.fromEntries(results.map((r) => [r.file.slice(dir.path.length + 1), r]));
    expect(Object.keys(by).sort()).toEqual(
      [
        'inbox/empty.pdf',
        'inbox/garbage.pdf',
        'inbox/good1.pdf',
        'inbox/notes.pdf',
        'inbox/sub/deeper/GOOD2.PDF',
        'missing.pdf',
      ].sort(),
    );
    expect(by['inbox/good1.pdf']).toMatchObject({ status: 'imported', title: 'Good Paper Number One' });
    expect(by['inbox/sub/deeper/GOOD2.PDF']).toMatchObject({
      status: 'imported',
      title: 'Good Paper Number Two',
    });
    expect(by['inbox/empty.pdf']).toMatchObject({
      status: 'failed',
      error: { code: 'bad_file', message: expect.stringMatching(/empty/) },
    });
    expect(by['inbox/notes.pdf']).toMatchObject({
      status: 'failed',
      error: { code: 'bad_file', message: expect.stringMatching(/not a PDF/i) },
    });
    expect(by['inbox/garbage.pdf']).toMatchObject({ status: 'failed', error: { code: 'bad_file' } });
    expect(by['missing.pdf']).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    for (const r of results.filter((x) => x.status === 'failed')) expect(r).not.toHaveProperty('id');
    expect(countPapers(s.db)).toBe(2);
    expect(papersDirFiles()).toEqual([`${sha(good1)}.pdf`, `${sha(good2)}.pdf`].sort());
  });

  it('leaves nothing behind when extraction or storing fails', async () => {
    const file = join(inbox, 'x.pdf');
    writeFileSync(file, await makePdf());
    const boom: ExtractFn = () => Promise.reject(new AppError('bad_file', 'The PDF is damaged.'));
    expect((await importFiles(s, [file], { extract: boom }))[0]).toMatchObject({
      status: 'failed',
      error: { code: 'bad_file', message: 'The PDF is damaged.' },
    });
    const raw: ExtractFn = () => Promise.reject(new Error('Invalid XRef stream'));
    expect((await importFiles(s, [file], { extract: raw }))[0]?.error?.code).toBe('bad_file');
    // Storing fails after the copy was renamed into place: the copy must go again.
    s.db.exec(
      "CREATE TEMP TRIGGER fail BEFORE INSERT ON paper_texts BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const [r] = await importFiles(s, [file], { extract });
    expect(r).toMatchObject({ status: 'failed', error: { code: 'internal' } });
    expect(countPapers(s.db)).toBe(0);
    expect(papersDirFiles()).toEqual([]);
    s.db.exec('DROP TRIGGER fail');
    expect((await importFiles(s, [file], { extract }))[0]?.status).toBe('imported');
  });

  it('stops on abort: the current and remaining files are cancelled, nothing stored', async () => {
    for (const n of [1, 2, 3])
      writeFileSync(join(inbox, `${n}.pdf`), await makePdf({ title: `Paper Number ${n} Of Three` }));
    const controller = new AbortController();
    const results = await importFiles(s, [inbox], {
      extract,
      signal: controller.signal,
      onProgress: (p) => p.index === 1 && p.phase === 'extracting' && controller.abort(),
    });
    expect(results.map((r) => r.status)).toEqual(['imported', 'failed', 'failed']);
    expect(results.slice(1).every((r) => r.error?.code === 'cancelled')).toBe(true);
    expect(countPapers(s.db)).toBe(1);
    expect(papersDirFiles()).toHaveLength(1);
  });

  it('imports a browser upload by bytes, keeping only the base name', async () => {
    const bytes = await makePdf({ title: 'Uploaded Okapi Paper' });
    const id = sha(bytes); // before: pdf.js may detach the buffer it is handed
    const r = await importBytes(s, { fileName: 'C:\\fakepath\\up.pdf', bytes }, { extract });
    expect(r).toMatchObject({ file: 'up.pdf', status: 'imported', id, title: 'Uploaded Okapi Paper' });
    expect(getPaper(s.db, id)?.fileName).toBe('up.pdf');
    expect(
      (await importBytes(s, { fileName: 'up.pdf', bytes: new Uint8Array() }, { extract })).error?.code,
    ).toBe('bad_file');
  });

  it('paperPdfPath accepts only a stored paper id', () => {
    const err = (id: string) => {
      try {
        paperPdfPath(s, id);
        return 'no error';
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(err('../library.db')).toBe('not_found');
    expect(err('a'.repeat(64))).toBe('not_found');
    expect(err('A'.repeat(64))).toBe('not_found');
    expect(existsSync(s.paths.papers)).toBe(true);
  });
});
