import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../src/core/api';
import { createServices, type Services } from '../../src/core/services';
import { insertPaper, savePaperText } from '../../src/core/store/repos/papers';
import { tempDir } from '../support/temp';

/**
 * Odd Unicode and FTS5 syntax typed into search, against the real contract and a real FTS5
 * index: every query answers within 1 s with results or one clear line, never an internal
 * error (an exception that escaped), and a good search still finds the paper afterwards.
 */
const dir = tempDir('prs-faults-search-');
let services: Services;
let handlers: ReturnType<typeof createHandlers>;
const ID = 'c'.repeat(64);

beforeAll(() => {
  services = createServices({ dataDir: join(dir.path, 'data'), host: 'cli' });
  handlers = createHandlers(services);
  insertPaper(services.db, {
    id: ID,
    title: 'Graph convolution on molecules',
    abstract: 'We study café graphs.',
  });
  savePaperText(
    services.db,
    ID,
    {
      extractorVersion: 'test@1',
      sections: [
        { heading: '1 Intro', kind: 'body', text: 'Message passing on graphs. עברית نص', pages: [1, 1] },
      ],
      captions: [],
      warnings: [],
    },
    'Graph convolution on molecules',
  );
});
afterAll(async () => {
  await services.close();
  dir.remove();
});

const ODD: Array<[string, string]> = [
  ['a lone high surrogate', 'graph \uD800'],
  ['a lone low surrogate', '\uDC00graph'],
  ['a reversed pair', '\uDC00\uD800'],
  ['NUL', 'graph\u0000conv'],
  ['only NUL', '\u0000'],
  ['RTL and LTR marks', '\u200Fgraph\u200E \u202Eevil\u202C'],
  ['Hebrew and Arabic', 'עברית نص'],
  ['combining marks alone', '\u0301\u0301\u0301'],
  ['a letter drowned in marks', 'e' + '\u0301'.repeat(500)],
  ['a decomposed café', 'cafe\u0301'],
  ['zero-width joiners and emoji', '👩\u200D👩\u200D👧 graph'],
  ['FTS5 syntax', 'graph AND (NOT "x" OR title:y) NEAR(a b, 2) * ^c -d {e}'],
  ['unbalanced quotes', '"graph "conv'],
  ['1000 characters of syntax', '"*(^:'.repeat(200)],
  ['1000 one-letter words', 'a '.repeat(500)],
];

describe('search with odd Unicode', () => {
  it.each(ODD)('answers %s within 1 s, never with an internal error', async (_label, query) => {
    for (const [method, input] of [
      ['searchPapers', { query }],
      ['listPapers', { query }],
    ] as const) {
      const t0 = Date.now();
      const r = await dispatch(handlers, method, input);
      expect(Date.now() - t0).toBeLessThan(1_000);
      if (!r.ok) {
        expect(r.error.code).not.toBe('internal');
        expect(r.error.message).not.toContain('\n');
      }
    }
  });

  it('refuses a 10,000-character query with one clear line', async () => {
    const r = await dispatch(handlers, 'searchPapers', { query: 'graph '.repeat(1667) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/query/);
  });

  it('still finds the paper, by a decomposed accent and through RTL marks', async () => {
    const hits = async (query: string) => {
      const r = await dispatch(handlers, 'searchPapers', { query });
      expect(r.ok).toBe(true);
      return (r as { value: { hits: Array<{ paperId?: string; id?: string }> } }).value.hits.length;
    };
    expect(await hits('graph')).toBe(1);
    expect(await hits('\u200Fgraph\u200E')).toBe(1);
    expect(await hits('cafe\u0301 graph')).toBe(await hits('café graph'));
  });
});
