/**
 * Import of the shared corpus's real review datasets (../shared/corpus). Skipped, with a
 * note, in a clone where ../shared is absent.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanText } from '../../shared/clean-text';
import type { PaperSection } from '../../shared/paper';
import { lowInformationSections } from '../../shared/review-quality';
import { ReviewTemplate } from '../../shared/templates';
import { serializePaper } from '../engine/serialize';
import { insertPaper } from '../store/repos/papers';
import { CORPUS, HAS_CORPUS, tempStore, type TempStore } from '../../../test/support/dataset-store';
import { importReviews } from './index';
import { readJsonLines } from './jsonl';
import { DatasetLine } from './dataset-paper';
import { textOnlyPaperId } from './paper-text';

if (!HAS_CORPUS)
  console.warn(`import-reviews corpus tests skipped: ${CORPUS} is absent (../shared is not checked out)`);

const BULK = join(CORPUS, 'bulk', 'neurips2025-papers-reviews.jsonl.gz');
// Controls other than \n, U+FFFD, private use and ligatures must never reach stored text.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const JUNK = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uFFFD\uE000-\uF8FF\uFB00-\uFB06]/;
// The NeurIPS 2025 form's headings, as its export writes them.
const NEURIPS_2025_HEADINGS: Record<string, string> = {
  'SUMMARY:': 'summary',
  'STRENGTHS AND WEAKNESSES:': 'strengths_and_weaknesses',
  'QUESTIONS:': 'questions',
  'LIMITATIONS:': 'limitations',
};

/** Section ids the source review has text under (its own headings, read independently). */
function sourceSectionsWithText(text: string): Set<string> {
  const withText = new Set<string>();
  let current: string | undefined;
  for (const line of cleanText(text).split('\n')) {
    const id = NEURIPS_2025_HEADINGS[line];
    if (id) current = id;
    else if (current && line.trim()) withText.add(current);
  }
  return withText;
}

let store: TempStore;
beforeEach(() => {
  store = tempStore();
});
afterEach(async () => {
  await store.close();
});

describe.skipIf(!HAS_CORPUS)(
  'import-reviews: the shared corpus (skipped when ../shared/corpus is absent)',
  () => {
    it('brings the bulk set in, in its own form, with clean text: 510 lines, 2,071 reviews', async () => {
      const started = performance.now();
      const r = await importReviews(store.db, [BULK]);
      const seconds = (performance.now() - started) / 1000;
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
      expect(f.unstructured).toBe(0);
      const db = store.db;

      // Every review keeps NeurIPS 2025's form, and its scores sit on that form's scales.
      expect(db.prepare('SELECT template_id AS t, COUNT(*) AS n FROM reviews GROUP BY 1').all()).toEqual([
        { t: 'neurips-2025@1', n: 1924 },
      ]);
      const templates = new Map(
        (
          db.prepare('SELECT id, definition FROM review_templates').all() as Array<{
            id: string;
            definition: string;
          }>
        ).map((t) => [t.id, ReviewTemplate.parse(JSON.parse(t.definition))]),
      );
      const reviews = db
        .prepare('SELECT paper_id, annotator, template_id, sections, scores FROM reviews')
        .all() as Array<Record<string, string>>;
      let lowInformation = 0;
      const lowBySection: Record<string, number> = {};
      for (const rv of reviews) {
        const t = templates.get(rv.template_id!)!;
        const scores = JSON.parse(rv.scores!) as Record<string, number>;
        expect(Object.keys(scores).sort()).toEqual(['Confidence', 'Rating']);
        for (const s of t.scores) {
          expect(scores[s.name]).toBeGreaterThanOrEqual(s.min);
          expect(scores[s.name]).toBeLessThanOrEqual(s.max);
        }
        const sections = JSON.parse(rv.sections!) as Record<string, string>;
        expect(Object.values(sections).join('\n')).not.toMatch(JUNK);
        const low = lowInformationSections(sections);
        if (low.length) lowInformation++;
        for (const id of low) lowBySection[id] = (lowBySection[id] ?? 0) + 1;
      }

      // No review has an empty section where its source has text under that heading.
      const byKey = new Map(reviews.map((rv) => [`${rv.paper_id}|${rv.annotator}`, rv]));
      let checked = 0;
      for await (const item of readJsonLines(BULK)) {
        if ('error' in item) continue;
        const line = DatasetLine.parse(item.value);
        const paperId = textOnlyPaperId(line);
        line.reviews.forEach((source, i) => {
          const stored = byKey.get(`${paperId}|import:neurips2025-papers-reviews#${i + 1}`)!;
          const sections = JSON.parse(stored.sections!) as Record<string, string>;
          for (const id of sourceSectionsWithText(source.text)) expect(sections[id], id).not.toBe('');
          checked++;
        });
      }
      expect(checked).toBe(2071);

      // No control characters, U+FFFD, private-use glyphs or ligatures in any stored paper text,
      // and no CONTENT that opens with the title (or an author) as a heading.
      let frontMatter = 0;
      const texts = db
        .prepare(
          'SELECT p.title, p.abstract, t.full_text, t.sections, t.captions FROM paper_texts t JOIN papers p ON p.id = t.paper_id',
        )
        .all() as Array<Record<string, string | null>>;
      expect(texts).toHaveLength(475);
      for (const t of texts) {
        const sections = JSON.parse(t.sections!) as PaperSection[];
        const captions = JSON.parse(t.captions!) as string[];
        const all = [
          t.title,
          t.abstract,
          t.full_text,
          ...sections.flatMap((s) => [s.heading, s.text]),
          ...captions,
        ];
        expect(all.join('\n')).not.toMatch(JUNK);
        const content = serializePaper({ title: t.title!, abstract: t.abstract ?? '', captions, sections }, [
          'CONTENT',
        ]);
        if (!content.startsWith('[CONTENT]\n## ')) frontMatter++;
        expect(content.startsWith(`[CONTENT]\n## ${t.title}\n`)).toBe(false);
      }
      console.info(
        `bulk set: ${f.reviewsAdded} reviews in neurips-2025@1, ${lowInformation} with a low-information ` +
          `answer ${JSON.stringify(lowBySection)}, ${frontMatter}/${texts.length} papers open with heading-less ` +
          `front matter, imported in ${seconds.toFixed(1)} s`,
      );
      expect(lowInformation).toBeGreaterThan(1000);
      expect(lowBySection.limitations).toBeGreaterThan(1000);
    }, 300_000);

    it("reads the corpus review files in their venues' forms and scales", async () => {
      const ids = [
        'iclr2017-incredible-shrinking-nn',
        'iclr2020-automated-relational-meta-learning',
        'neurips2023-self-refine',
      ];
      for (const [i, id] of ids.entries()) {
        insertPaper(store.db, { id: String(i).repeat(64), title: id, fileName: `${id}.pdf` });
      }
      const r = await importReviews(store.db, [join(CORPUS, 'reviews')]);
      expect(r.errors).toBe(0);
      expect(r.reviewsAdded).toBe(8);
      expect(
        store.db.prepare('SELECT template_id AS t, COUNT(*) AS n FROM reviews GROUP BY 1 ORDER BY 1').all(),
      ).toEqual([
        { t: 'ai-scientist@1', n: 1 },
        { t: 'iclr-2017@1', n: 3 },
        { t: 'neurips-2023@1', n: 4 },
      ]);
      const rows = store.db
        .prepare('SELECT template_id, sections, scores, notes FROM reviews')
        .all() as Array<Record<string, string>>;
      for (const row of rows) {
        const sections = JSON.parse(row.sections!) as Record<string, string>;
        // Every one of these sources has text under each of its form's headings.
        for (const [id, text] of Object.entries(sections))
          expect(text, `${row.template_id} ${id}`).not.toBe('');
        expect(row.notes).not.toMatch(/left out|not in the source/);
      }
    });
  },
);
