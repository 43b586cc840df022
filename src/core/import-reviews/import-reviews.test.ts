import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { importReviews } from './index';
import { insertPaper, getLatestPaperText, getPaper } from '../store/repos/papers';
import { listReviewsOfPaper } from '../store/repos/reviews';
import {
  CORPUS,
  FIXTURES,
  HAS_CORPUS,
  tempStore,
  type TempStore,
} from '../../../test/fixtures/datasets/store';

const JSONL = join(FIXTURES, 'papers.jsonl');
const PDF_ID = 'a'.repeat(64);

let store: TempStore;
beforeEach(() => {
  store = tempStore();
});
afterEach(async () => {
  await store.close();
});

describe('import-reviews: JSON Lines papers with reviews', () => {
  it('imports text-only papers, reports a malformed line by number and goes on', async () => {
    const r = await importReviews(store.db, [JSONL]);
    const f = r.files[0]!;
    expect(f.kind).toBe('jsonl');
    expect(f.source).toBe('papers');
    expect(f.papersAdded).toBe(2);
    expect(f.reviewsAdded).toBe(3);
    expect(f.unstructured).toBe(1);
    expect(f.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(f.errors[0]!.message).toMatch(/not JSON/);
    expect(f.errors[1]!.message).toMatch(/reviews/);

    const row = store.db.prepare("SELECT * FROM papers WHERE external_id = 'fx-paper-a'").get() as Record<
      string,
      unknown
    >;
    expect(row.has_pdf).toBe(0);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    const paper = getPaper(store.db, row.id as string)!;
    expect(paper.tags).toEqual(['FixtureConf 2025']);
    expect(paper.status).toBe('approved');
    const text = getLatestPaperText(store.db, paper.id)!;
    expect(text.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['Abstract', 'abstract'],
      ['Sparse Widgets for Dense Gadgets', 'body'],
      ['1 Introduction', 'body'],
      ['2 Method', 'body'],
      ['References', 'references'],
      ['A Proofs', 'appendix'],
      ['NeurIPS Paper Checklist', 'appendix'],
    ]);
    expect(text.sections.every((s) => s.pages[0] === 0 && s.pages[1] === 0)).toBe(true);
    expect(text.warnings[0]!.code).toBe('no_pdf');

    const reviews = listReviewsOfPaper(store.db, paper.id);
    expect(reviews.map((x) => x.annotator)).toEqual(['import:papers#1', 'import:papers#2']);
    const [first, second] = reviews;
    expect(first!.status).toBe('approved');
    expect(first!.source).toBe('import:papers');
    expect(first!.draftId).toBeNull();
    expect(first!.templateId).toBe('conference@1');
    expect(first!.scores).toEqual({ Rating: 4, Confidence: 3 });
    expect(first!.sections).toEqual({
      summary: 'The paper makes widgets sparse.',
      strengths: '- Clear writing.',
      weaknesses: '- No baselines.',
      questions: 'Why widgets?',
      limitations: 'None stated.',
    });
    // No weaknesses marker inside the combined block: it stays whole under Strengths.
    expect(second!.sections.strengths).toBe('Good idea overall but the evaluation is thin.');
    expect(second!.notes).toMatch(/no weaknesses marker/);

    const b = store.db.prepare("SELECT id FROM papers WHERE external_id = 'fx-paper-b'").get() as {
      id: string;
    };
    const kinds = getLatestPaperText(store.db, b.id)!.sections.map((s) => s.kind);
    expect(kinds).toEqual(['abstract', 'body', 'appendix', 'references']);
    const plain = listReviewsOfPaper(store.db, b.id)[0]!;
    expect(plain.sections.summary).toBe('I liked this paper a lot, but the experiments are small.');
    expect(plain.notes).toMatch(/whole review is kept in the first section/);
  });

  it('is idempotent: a second import reports everything as already present', async () => {
    await importReviews(store.db, [JSONL]);
    const again = await importReviews(store.db, [JSONL]);
    expect(again.papersAdded).toBe(0);
    expect(again.reviewsAdded).toBe(0);
    expect(again.reviewsPresent).toBe(3);
    expect(again.files[0]!.papersPresent).toBe(2);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM reviews').get() as { n: number }).n).toBe(3);
  });

  it('reads a gzipped file (detected by content) and reports progress', async () => {
    const gz = join(store.dir, 'papers.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(JSONL)));
    const events: Array<{ done: boolean; lines: number }> = [];
    const r = await importReviews(store.db, [gz], { onProgress: (p) => events.push(p) });
    expect(r.files[0]!.source).toBe('papers');
    expect(r.papersAdded).toBe(2);
    expect(r.files[0]!.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(events.at(-1)).toMatchObject({ done: true, lines: 4 });
  });

  it('keeps what it read from a truncated gzip file and reports the break', async () => {
    const gz = join(store.dir, 'broken.jsonl.gz');
    // Distinct, poorly compressible lines so the cut falls well after the first lines.
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        paper_id: `p${i}`,
        title: `Paper ${i}`,
        sections: [{ heading: '1 Intro', text: randomBytes(1500).toString('base64') }],
        reviews: [{ text: `Review of ${i}.`, rating: 3 }],
      }),
    );
    const full = gzipSync(Buffer.from(lines.join('\n')));
    writeFileSync(gz, full.subarray(0, Math.floor(full.length * 0.6)));
    const r = await importReviews(store.db, [gz]);
    expect(r.papersAdded).toBeGreaterThan(50);
    expect(r.papersAdded).toBeLessThan(200);
    const last = r.files[0]!.errors.at(-1)!;
    expect(last.message).toMatch(/unreadable/);
    expect(last.line).toBeGreaterThan(r.papersAdded);
  });
});

describe('import-reviews: corpus review JSON', () => {
  it('matches reviews to an imported PDF by its file name, reports unmatched ones', async () => {
    insertPaper(store.db, { id: PDF_ID, title: 'Something Else', fileName: 'fixture-pdf.pdf' });
    const r = await importReviews(store.db, [join(FIXTURES, 'reviews')]);
    const matched = r.files.find((f) => f.file.endsWith('fixture-pdf.json'))!;
    const unmatched = r.files.find((f) => f.file.endsWith('not-in-library.json'))!;
    expect(matched).toMatchObject({
      kind: 'review-json',
      source: 'reviews',
      reviewsAdded: 2,
      unstructured: 1,
    });
    expect(unmatched.unmatched).toEqual([
      { datasetPaperId: 'not-in-library', title: 'Nobody Imported This' },
    ]);
    const reviews = listReviewsOfPaper(store.db, PDF_ID);
    expect(reviews.map((x) => x.annotator)).toEqual(['import:reviews#1', 'import:reviews#2']);
    expect(reviews[0]!.sections.questions).toBe('- Why?');
    expect(reviews[1]!.scores).toEqual({ Rating: 3 });
  });

  it('falls back to the normalized title, and reports a changed text as a conflict', async () => {
    insertPaper(store.db, { id: PDF_ID, title: 'a fixture  PDF paper!', fileName: 'other-name.pdf' });
    const dir = join(store.dir, 'in');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const file = join(dir, 'fixture-pdf.json');
    copyFileSync(join(FIXTURES, 'reviews', 'fixture-pdf.json'), file);
    const r1 = await importReviews(store.db, [file], { source: 'fx' });
    expect(r1.reviewsAdded).toBe(2);
    const changed = JSON.parse(readFileSync(file, 'utf8')) as { reviews: Array<{ text: string }> };
    changed.reviews[1]!.text = 'A different text now.';
    writeFileSync(file, JSON.stringify(changed));
    const r2 = await importReviews(store.db, [file], { source: 'fx' });
    expect(r2.reviewsPresent).toBe(1);
    expect(r2.files[0]!.conflicts).toEqual([{ paperId: PDF_ID, annotator: 'import:fx#2' }]);
  });

  it('reports a path that does not exist without stopping the others', async () => {
    const r = await importReviews(store.db, [join(store.dir, 'missing.jsonl'), JSONL]);
    expect(r.files[0]!.errors[0]!.message).toMatch(/no such file/);
    expect(r.papersAdded).toBe(2);
  });
});

describe.skipIf(!HAS_CORPUS)(
  'import-reviews: the shared corpus (skipped when ../shared/corpus is absent)',
  () => {
    it('brings the bulk set in: 510 paper lines and 2,071 reviews (475 and 1,924 distinct)', async () => {
      const r = await importReviews(store.db, [join(CORPUS, 'bulk', 'neurips2025-papers-reviews.jsonl.gz')]);
      const f = r.files[0]!;
      expect(r.errors).toBe(0);
      // 510 lines with 2,071 reviews — but 35 lines repeat an earlier line exactly (same
      // paper_id, text and reviews), so 475 distinct papers and 1,924 distinct reviews land
      // and the repeats are reported as already present (idempotence within one file).
      expect(f.papersAdded + f.papersPresent).toBe(510);
      expect(f.reviewsAdded + f.reviewsPresent).toBe(2071);
      expect(f.papersAdded).toBe(475);
      expect(f.reviewsAdded).toBe(1924);
      expect(f.conflicts).toEqual([]);
      const n = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT COUNT(DISTINCT external_id) AS n FROM papers WHERE has_pdf = 0')).toBe(475);
      expect(
        n(
          "SELECT COUNT(*) AS n FROM reviews WHERE status = 'approved' AND source = 'import:neurips2025-papers-reviews'",
        ),
      ).toBe(1924);
      expect(
        n("SELECT COUNT(*) AS n FROM reviews WHERE json_extract(scores, '$.Rating') BETWEEN 1 AND 6"),
      ).toBe(1924);
      // Nearly every bulk review has the four NeurIPS headings, so it is structured.
      expect(r.files[0]!.unstructured).toBe(0);
    }, 300_000);
  },
);
