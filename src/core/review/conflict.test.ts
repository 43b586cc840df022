import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { createServices, type Services } from '../services';
import { writeSettings } from '../store/repos/settings';
import { getReviewView, openReview, restoreRevision, saveReview } from './index';
import { DRAFT_SECTIONS, seedDraft, seedPaper } from './seed.fixtures';

/** Optimistic versioning: two writers of one review (two tabs) never overwrite each other silently. */
describe('saveReview with expectedRevision', () => {
  let dir: ReturnType<typeof tempDir>;
  let s: Services;
  let paperId: string;

  beforeEach(() => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    writeSettings(s.db, { annotator: 'Ada' });
    paperId = seedPaper(s, 'Paper A');
    seedDraft(s, paperId, { sections: DRAFT_SECTIONS });
  });
  afterEach(async () => {
    await s.close();
    dir.remove();
  });

  it('counts content saves, not no-op saves or time reports', () => {
    const v = openReview(s, { paperId });
    expect(v.revision).toBe(0);
    expect(saveReview(s, { reviewId: v.id, sections: { accept: 'one' }, expectedRevision: 0 })).toMatchObject(
      { changed: true, revision: 1 },
    );
    expect(saveReview(s, { reviewId: v.id, sections: { accept: 'one' }, expectedRevision: 1 })).toMatchObject(
      { changed: false, revision: 1 },
    );
    expect(saveReview(s, { reviewId: v.id, timeDeltaMs: 500, expectedRevision: 1 })).toMatchObject({
      revision: 1,
    });
    expect(getReviewView(s, paperId)?.revision).toBe(1);
  });

  it('refuses a stale save as data, carrying the stored text, and writes nothing', () => {
    const v = openReview(s, { paperId });
    saveReview(s, { reviewId: v.id, sections: { accept: 'Tab A wrote this.' }, expectedRevision: 0 });
    const stale = saveReview(s, {
      reviewId: v.id,
      sections: { accept: 'Tab B, unaware.' },
      notes: 'b',
      expectedRevision: 0,
    });
    expect(stale.changed).toBe(false);
    expect(stale.conflict).toMatchObject({ revision: 1, notes: '' });
    expect(stale.conflict?.sections.accept).toBe('Tab A wrote this.');
    expect(stale.conflict?.message).toMatch(/changed elsewhere/);
    expect(getReviewView(s, paperId)?.sections.accept).toBe('Tab A wrote this.');
    // "Keep mine": the same edit, now naming the revision it has seen, goes through.
    const kept = saveReview(s, {
      reviewId: v.id,
      sections: { accept: 'Tab B, unaware.' },
      expectedRevision: stale.conflict!.revision,
    });
    expect(kept).toMatchObject({ changed: true, revision: 2 });
    expect(kept.conflict).toBeUndefined();
    expect(getReviewView(s, paperId)?.sections.accept).toBe('Tab B, unaware.');
  });

  it('treats a restore as a new revision that stale tabs must see', () => {
    const v = openReview(s, { paperId });
    saveReview(s, { reviewId: v.id, sections: { accept: 'edited' }, expectedRevision: 0 });
    const first = s.db
      .prepare('SELECT MIN(id) AS id FROM review_revisions WHERE review_id = ?')
      .get(v.id) as { id: number };
    restoreRevision(s, v.id, first.id);
    expect(getReviewView(s, paperId)?.revision).toBe(2);
    expect(saveReview(s, { reviewId: v.id, notes: 'late', expectedRevision: 1 }).conflict?.revision).toBe(2);
  });

  it('keeps the unchecked path for callers that write whole reviews (the CLI)', () => {
    const v = openReview(s, { paperId });
    saveReview(s, { reviewId: v.id, notes: 'a', expectedRevision: 0 });
    expect(saveReview(s, { reviewId: v.id, notes: 'b' })).toMatchObject({ changed: true, revision: 2 });
  });
});
