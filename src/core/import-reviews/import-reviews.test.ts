import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { importReviews } from './index';
import { insertPaper, getLatestPaperText, getPaper } from '../store/repos/papers';
import { listReviewsOfPaper } from '../store/repos/reviews';
import { lowInformationSections } from '../../shared/review-quality';
import { findTemplate } from '../../shared/templates';
import { serializePaper } from '../engine/serialize';
import { FIXTURES, tempStore, type TempStore } from '../../../test/support/dataset-store';

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
      // The title-and-authors block before the Abstract keeps its text, not the title as a heading.
      ['', 'body'],
      ['1 Introduction', 'body'],
      ['2 Method', 'body'],
      ['References', 'references'],
      ['A Proofs', 'appendix'],
      ['NeurIPS Paper Checklist', 'appendix'],
    ]);
    expect(text.sections[1]!.text).toBe('Ann Author, Bob Writer');
    expect(text.extractorVersion).toBe('dataset-jsonl@2+clean-text@1');
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

/** A bulk-set-like line (NeurIPS 2025), with the junk the real one carries. */
const NEURIPS_LINE = {
  paper_id: 'nips-1',
  title: 'Widgets \uFB01nally',
  abstract: 'We \uFB01x widgets.\u0000',
  venue: 'NeurIPS 2025',
  sections: [
    { heading: 'Widgets finally', text: 'Ann Author\u0000\nWidget U.' },
    { heading: 'Bob Writer \u2217', text: 'Gadget Institute' },
    { heading: 'Abstract', text: 'We fix widgets.' },
    {
      heading: '1 Intro\u0007duction',
      text: 'Nul\u0000s\u0000 and \uFFFD junk\r\nand \uF8EE brackets \uF8F9 and \uE000 private.\n\n\n\nEnd.',
    },
  ],
  captions: ['Figure 1:\ta \uFB02ow\u0000'],
  reviews: [
    {
      text: 'SUMMARY:\nIt fixes widgets.\n\nSTRENGTHS AND WEAKNESSES:\nStrong.\nQuestions:\nAn inner label stays here.\n\nQUESTIONS:\nWhy?\n\nLIMITATIONS:\nyes',
      rating: 4,
      confidence: 3,
    },
    {
      text: 'A note before the form.\nSUMMARY:\nS.\nSTRENGTHS AND WEAKNESSES:\nSW\u0000 \uFFFD.\nQUESTIONS:\nN/A\nLIMITATIONS:\nYes.',
      rating: 6,
      confidence: 5,
    },
    { text: 'SUMMARY:\nOnly a summary, and a rating off the scale.', rating: 8, confidence: 2 },
  ],
};

// Anything that must not reach stored text: controls other than \n, U+FFFD, private use, ligatures.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const JUNK = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uFFFD\uE000-\uF8FF\uFB00-\uFB06]/;

describe('import-reviews: each source keeps its own review form', () => {
  const writeLine = (line: object = NEURIPS_LINE) => {
    const file = join(store.dir, 'nips.jsonl');
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    return file;
  };
  const paperOf = () =>
    (store.db.prepare("SELECT id FROM papers WHERE external_id = 'nips-1'").get() as { id: string }).id;

  it('keeps a NeurIPS 2025 review in neurips-2025@1: its own sections, its 1-6 scale', async () => {
    const r = await importReviews(store.db, [writeLine()]);
    expect(r.reviewsAdded).toBe(3);
    expect(r.files[0]!.unstructured).toBe(0);
    const [a, b, c] = listReviewsOfPaper(store.db, paperOf());
    expect(a!.templateId).toBe('neurips-2025@1');
    expect(a!.sections).toEqual({
      summary: 'It fixes widgets.',
      // A reviewer's own "Questions:" line inside the block is text, not the form's heading.
      strengths_and_weaknesses: 'Strong.\nQuestions:\nAn inner label stays here.',
      questions: 'Why?',
      limitations: 'yes',
    });
    expect(a!.scores).toEqual({ Rating: 4, Confidence: 3 });
    expect(a!.notes).toBe('Imported from nips.jsonl.');
    // Text before the first heading is kept, in the first section; junk is cleaned.
    expect(b!.sections).toEqual({
      summary: 'A note before the form.\nS.',
      strengths_and_weaknesses: 'SW .',
      questions: 'N/A',
      limitations: 'Yes.',
    });
    expect(b!.scores).toEqual({ Rating: 6, Confidence: 5 });
    // Empty only where the source has no such section; a rating off the scale is not clamped.
    expect(c!.sections).toEqual({
      summary: 'Only a summary, and a rating off the scale.',
      strengths_and_weaknesses: '',
      questions: '',
      limitations: '',
    });
    expect(c!.scores).toEqual({ Confidence: 2 });
    expect(c!.notes).toMatch(
      /Headings not in the source: Strengths and weaknesses, Questions, Limitations\./,
    );
    expect(c!.notes).toMatch(/Rating 8 left out: outside neurips-2025@1's 1–6\./);
    // The export check's input: bare "yes" / "N/A" answers.
    expect(lowInformationSections(a!.sections)).toEqual(['limitations']);
    expect(lowInformationSections(b!.sections)).toEqual(['questions', 'limitations']);
    expect(lowInformationSections(c!.sections)).toEqual([]);
    expect(findTemplate(a!.templateId)!.scores).toEqual([
      { name: 'Rating', min: 1, max: 6 },
      { name: 'Confidence', min: 1, max: 5 },
    ]);
  });

  it('cleans the paper text once at import and keeps the author block out of the headings', async () => {
    await importReviews(store.db, [writeLine()]);
    const paper = getPaper(store.db, paperOf())!;
    expect(paper.title).toBe('Widgets finally');
    expect(paper.abstract).toBe('We fix widgets.');
    const text = getLatestPaperText(store.db, paper.id)!;
    expect(text.extractorVersion).toBe('dataset-jsonl@2+clean-text@1');
    expect(text.sections).toEqual([
      { heading: 'Abstract', kind: 'abstract', text: 'We fix widgets.', pages: [0, 0] },
      {
        heading: '',
        kind: 'body',
        text: 'Ann Author\nWidget U.\nBob Writer \u2217\nGadget Institute',
        pages: [0, 0],
      },
      {
        heading: '1 Introduction',
        kind: 'body',
        text: 'Nuls and junk\nand \u23A1 brackets \u23A4 and private.\n\nEnd.',
        pages: [0, 0],
      },
    ]);
    expect(text.captions).toEqual(['Figure 1: a flow']);
    const stored = store.db
      .prepare('SELECT full_text, sections, captions FROM paper_texts WHERE paper_id = ?')
      .get(paper.id) as Record<string, string>;
    // The JSON columns escape control characters ("\u0000"): look at what they decode to.
    expect(stored.full_text).not.toMatch(JUNK);
    expect(JSON.parse(stored.sections!) as unknown[]).toEqual(text.sections);
    expect(JSON.parse(stored.captions!)).toEqual(['Figure 1: a flow']);
    for (const rv of listReviewsOfPaper(store.db, paper.id)) {
      expect(Object.values(rv.sections).join('\n')).not.toMatch(JUNK);
    }
    const prompt = serializePaper(
      { title: paper.title!, abstract: paper.abstract!, captions: text.captions, sections: text.sections },
      ['TITLE', 'CONTENT'],
    );
    expect(prompt).toBe(
      '[TITLE]\nWidgets finally\n\n[CONTENT]\nAnn Author\nWidget U.\nBob Writer \u2217\nGadget Institute\n\n' +
        '## 1 Introduction\nNuls and junk\nand \u23A1 brackets \u23A4 and private.\n\nEnd.',
    );
  });

  it('maps onto four-part only when asked, and records the mapping on the review', async () => {
    const r = await importReviews(store.db, [writeLine()], { mapTo: 'four-part' });
    expect(r.reviewsAdded).toBe(3);
    const [a] = listReviewsOfPaper(store.db, paperOf());
    expect(a!.templateId).toBe('four-part@1');
    expect(a!.sections).toEqual({
      significance: 'It fixes widgets.',
      accept: 'Strong.\nQuestions:\nAn inner label stays here.',
      reject: '',
      suggestions: 'Why?',
    });
    // Nothing rescaled: four-part has no scores, so none are carried, and the notes say so.
    expect(a!.scores).toEqual({});
    expect(a!.notes).toMatch(/Mapped at import from neurips-2025@1 onto four-part@1 \(--map-to\)\./);
    expect(a!.notes).toMatch(/Rating 4 \(1–6\) not carried: four-part@1 has no Rating\./);
    expect(a!.notes).toMatch(/limitations answer "yes" left out of Suggestions\./);
  });

  it('takes the form from --form where the source does not name it; refuses unknown forms', async () => {
    const r = await importReviews(store.db, [JSONL], { form: 'neurips-2025' });
    expect(r.reviewsAdded).toBe(3);
    const ids = store.db.prepare('SELECT DISTINCT template_id AS t FROM reviews').all();
    expect(ids).toEqual([{ t: 'neurips-2025@1' }]);
    await expect(importReviews(store.db, [JSONL], { form: 'nope' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(importReviews(store.db, [JSONL], { mapTo: 'neurips-2025' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it("picks a review file's form by its source: NeurIPS 2023, ICLR 2017, AI-Scientist", async () => {
    const dir = join(store.dir, 'venues');
    mkdirSync(dir);
    const files = {
      n23: {
        source: 'NeurIPS 2023 official reviews (OpenReview forum X)',
        text: 'SUMMARY:\nS.\n\nSTRENGTHS:\n- a\n\nWEAKNESSES:\n- b\n\nQUESTIONS:\nQ?\n\nLIMITATIONS:\nYes.',
        rating: 7,
      },
      i17: {
        source: 'ICLR 2017 official reviews from PeerRead',
        text: 'Free-form review.\n\nSecond para.',
        rating: 3,
      },
      ai: {
        source: 'github.com/SakanaAI/AI-Scientist: one ICLR 2020 review restructured',
        text: 'Summary:\nS.\nStrengths:\n- a\nWeaknesses:\n- b\nQuestions:\nQ?\nLimitations:\nL.',
        rating: 7,
      },
    };
    for (const [id, f] of Object.entries(files)) {
      insertPaper(store.db, { id: id.padEnd(64, '0'), title: `Paper ${id}`, fileName: `${id}.pdf` });
      writeFileSync(
        join(dir, `${id}.json`),
        JSON.stringify({
          paper_id: id,
          title: `Paper ${id}`,
          source: f.source,
          reviews: [{ ...f, confidence: 4 }],
        }),
      );
    }
    const r = await importReviews(store.db, [dir]);
    expect(r.reviewsAdded).toBe(3);
    const review = (id: string) => listReviewsOfPaper(store.db, id.padEnd(64, '0'))[0]!;
    expect(review('n23')).toMatchObject({
      templateId: 'neurips-2023@1',
      sections: { summary: 'S.', strengths: '- a', weaknesses: '- b', questions: 'Q?', limitations: 'Yes.' },
      scores: { Rating: 7, Confidence: 4 },
    });
    expect(review('i17')).toMatchObject({
      templateId: 'iclr-2017@1',
      sections: { review: 'Free-form review.\n\nSecond para.' },
      scores: { Rating: 3, Confidence: 4 },
    });
    expect(review('ai')).toMatchObject({
      templateId: 'ai-scientist@1',
      sections: { summary: 'S.', strengths: '- a', weaknesses: '- b', questions: 'Q?', limitations: 'L.' },
      scores: { Overall: 7, Confidence: 4 },
    });
  });
});
