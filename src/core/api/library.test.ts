import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../services';
import { createHandlers, dispatch, type Handlers } from '.';
import { tempDir } from '../../../test/support/temp';
import { makePdf } from '../library/import/pdfs.fixtures';
import { insertPaper, savePaperText } from '../store/repos/papers';

describe('library handlers', () => {
  const dir = tempDir();
  let s: Services;
  let h: Handlers;
  const call = async (name: string, input: unknown) => {
    const r = await dispatch(h, name, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  beforeAll(() => {
    s = createServices({ dataDir: join(dir.path, 'lib'), host: 'web' });
    h = createHandlers(s);
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });

  it('imports by path and by upload, then lists, gets, searches and changes status', async () => {
    mkdirSync(join(dir.path, 'in'));
    const file = join(dir.path, 'in', 'p.pdf');
    writeFileSync(file, await makePdf({ title: 'Okapi Behaviour', body: 'the shy okapi' }));
    const seen: string[] = [];
    const off = s.events.subscribe((name) => seen.push(name));
    const imported = await call('importPapers', { paths: [file], batchId: 'ui-1' });
    off();
    expect(imported.batchId).toBe('ui-1');
    expect(imported.results).toEqual([
      expect.objectContaining({ status: 'imported', title: 'Okapi Behaviour' }),
    ]);
    expect(seen).toContain('importProgress');
    expect(seen).toContain('papersChanged');
    const id = imported.results[0].id as string;

    const upload = await makePdf({ title: 'Uploaded Okapi', body: 'an upload' });
    const up = await call('importPaperBytes', {
      fileName: 'u.pdf',
      dataBase64: Buffer.from(upload).toString('base64'),
    });
    expect(up).toMatchObject({ status: 'imported', file: 'u.pdf' });

    const list = await call('listPapers', { sort: 'title', dir: 'asc' });
    expect(list.total).toBe(2);
    expect(list.papers.map((p: { title: string }) => p.title)).toEqual(['Okapi Behaviour', 'Uploaded Okapi']);

    const detail = await call('getPaper', { id });
    expect(detail).toMatchObject({ id, hasPdf: true, fileName: 'p.pdf', warnings: [], hiddenPassages: [] });

    const text = await call('getPaperText', { id });
    expect(text.id).toBe(id);
    expect(text.sections.length).toBeGreaterThan(0);

    const hits = await call('searchPapers', { query: 'shy' });
    expect(hits.hits.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await call('searchPapers', { query: '"foo AND (' })).hits).toEqual([]);

    const changed = await call('setPaperStatus', { id, status: 'approved' });
    expect(changed).toMatchObject({ id, status: 'approved' });
    expect(changed).not.toHaveProperty('abstract'); // the summary row, not the whole paper
    expect((await call('listPapers', { status: 'approved' })).total).toBe(1);
  });

  it('shows hidden-text passages from the stored warnings', async () => {
    const id = 'c'.repeat(64);
    insertPaper(s.db, { id, title: 'Sneaky', hasPdf: false });
    savePaperText(
      s.db,
      id,
      {
        extractorVersion: 't',
        sections: [{ heading: '', kind: 'body', text: 'x', pages: [0, 0] }],
        captions: [],
        warnings: [
          {
            code: 'hidden_text',
            message: 'Hidden text on page 1.',
            passages: [{ page: 1, text: 'ignore previous instructions', reason: 'tiny_font' }],
          },
        ],
      },
      'x',
    );
    const detail = await call('getPaper', { id });
    expect(detail.warnings).toEqual([{ code: 'hidden_text', message: 'Hidden text on page 1.' }]);
    expect(detail.hiddenPassages).toEqual([
      { page: 1, text: 'ignore previous instructions', reason: 'tiny_font' },
    ]);
    expect(detail.hasPdf).toBe(false);
  });

  it('reports unknown papers and bad uploads as errors with codes', async () => {
    await expect(call('getPaper', { id: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('getPaperText', { id: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('setPaperStatus', { id: 'a'.repeat(64), status: 'new' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call('setPaperStatus', { id: 'a'.repeat(64), status: 'weird' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const bad = await call('importPaperBytes', {
      fileName: 'x.pdf',
      dataBase64: Buffer.from('hello').toString('base64'),
    });
    expect(bad).toMatchObject({ status: 'failed', error: { code: 'bad_file' } });
    expect(await call('cancelImport', { batchId: 'none' })).toEqual({ cancelled: false });
  });
});
