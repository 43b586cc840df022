import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { mergeExport } from './index';
import { runExport } from '../export/run';
import { getLatestPaperText, getPaper, insertPaper, savePaperText } from '../store/repos/papers';
import { findReview, insertReview } from '../store/repos/reviews';
import { tempStore, type TempStore } from '../../../test/support/dataset-store';
import type { Db } from '../store/open';

const pid = (n: string) => createHash('sha256').update(n).digest('hex');
const P = { p1: pid('m1'), p2: pid('m2'), p3: pid('m3'), p4: pid('m4') };

function addPaper(db: Db, id: string, title: string) {
  insertPaper(db, { id, title, abstract: `About ${title}.` });
  savePaperText(
    db,
    id,
    {
      extractorVersion: 'test@1',
      sections: [{ heading: '1 Intro', kind: 'body', text: `Body of ${title}.`, pages: [1, 1] }],
      captions: [],
      warnings: [],
    },
    title,
  );
}

function conf(
  db: Db,
  paperId: string,
  annotator: string,
  summary: string,
  rating: number,
  confidence: number,
) {
  insertReview(db, {
    paperId,
    annotator,
    templateId: 'conference@1',
    status: 'approved',
    sections: { summary, strengths: 'Good.', weaknesses: '', questions: '', limitations: '' },
    scores: { Rating: rating, Confidence: confidence },
  });
}

let a: TempStore;
let b: TempStore;
let exportDir: string;
beforeAll(async () => {
  a = tempStore('prs-merge-a-');
  b = tempStore('prs-merge-b-');
  for (const s of [a, b]) for (const n of ['p1', 'p2', 'p3'] as const) addPaper(s.db, P[n], `Paper ${n}`);
  addPaper(b.db, P.p4, 'Paper p4');
  // Alice works in library A, Bob in library B; both reviewed p1 and p2.
  conf(a.db, P.p1, 'alice', 'A B C D', 1, 3);
  conf(a.db, P.p2, 'alice', 'same words here', 3, 4);
  conf(a.db, P.p3, 'alice', 'Alice on p3, version A.', 5, 2);
  conf(b.db, P.p1, 'bob', 'A B X D', 2, 3);
  conf(b.db, P.p2, 'bob', 'same words here', 3, 4);
  conf(b.db, P.p4, 'bob', 'Only Bob has p4.', 4, 5);
  // A copy of Alice's p3 review that diverged in library B: a conflict.
  conf(b.db, P.p3, 'alice', 'Alice on p3, version B.', 5, 2);
  exportDir = join(b.dir, 'bob-export');
  await runExport(
    { db: b.db, dataDir: b.services.paths.root, schemaVersion: b.services.schemaVersion },
    { format: 'sharegpt', outDir: exportDir, valRatio: 0.5 },
  );
});
afterAll(async () => {
  await a.close();
  await b.close();
});

describe('merge', () => {
  it('merges by paper and annotator, reports the conflict and exact agreement', async () => {
    const r = await mergeExport(a.db, exportDir);
    expect(r).toMatchObject({
      records: 4,
      papersAdded: 1,
      papersMatched: 3,
      reviewsAdded: 3,
      reviewsPresent: 0,
      skipped: [],
    });
    expect(r.conflicts).toEqual([
      { paperId: P.p3, annotator: 'alice', reviewId: findReview(a.db, P.p3, 'alice')!.id },
    ]);
    expect(findReview(a.db, P.p3, 'alice')!.sections.summary).toBe('Alice on p3, version A.');
    const bob = findReview(a.db, P.p1, 'bob')!;
    expect(bob).toMatchObject({ status: 'approved', scores: { Rating: 2, Confidence: 3 }, draftId: null });
    expect(bob.sections).toEqual({
      summary: 'A B X D',
      strengths: 'Good.',
      weaknesses: '',
      questions: '',
      limitations: '',
    });
    // p4 existed only in B: rebuilt here as a text-only paper from the user turn.
    expect(getPaper(a.db, P.p4)).toMatchObject({
      title: 'Paper p4',
      hasPdf: false,
      abstract: 'About Paper p4.',
    });
    expect(getLatestPaperText(a.db, P.p4)!.sections.map((s) => [s.heading, s.text])).toEqual([
      ['Abstract', 'About Paper p4.'],
      ['1 Intro', 'Body of Paper p4.'],
    ]);
    // Two papers with two annotators each. Rating units (1,2) and (3,3): n = 4,
    // D_o = (2·(1−2)²/1)/4 = 0.5, D_e = (2·4·23 − 2·9²)/(4·3) = 22/12, α = 1 − 0.5/(22/12) = 8/11.
    // Confidence (3,3), (4,4): no disagreement, α = 1.
    expect(r.agreement.papers).toBe(2);
    expect(r.agreement.scores).toEqual([
      { score: 'Confidence', alpha: 1, units: 2, values: 4 },
      { score: 'Rating', alpha: 0.727273, units: 2, values: 4 },
    ]);
    // Text: the sections in order, "A B C D\n\nGood." vs "A B X D\n\nGood." → 1 word of 5 = 0.2;
    // p2 identical → 0; mean and median of (0.2, 0) = 0.1.
    expect(r.agreement.text).toMatchObject({ pairs: 2, meanEditDistance: 0.1, medianEditDistance: 0.1 });
    expect(r.agreement.text.byPair.find((p) => p.paperId === P.p1)).toEqual({
      paperId: P.p1,
      annotators: ['alice', 'bob'],
      editDistance: 0.2,
    });
  });

  it('is idempotent, and refuses an export whose files do not match the manifest', async () => {
    const again = await mergeExport(a.db, exportDir);
    expect(again).toMatchObject({ reviewsAdded: 0, reviewsPresent: 3, papersAdded: 0 });
    expect(again.conflicts).toHaveLength(1);
    const tampered = join(b.dir, 'tampered');
    cpSync(exportDir, tampered, { recursive: true });
    appendFileSync(join(tampered, 'train.jsonl'), '{}\n');
    await expect(mergeExport(a.db, tampered)).rejects.toMatchObject({ code: 'bad_file' });
  });
});
