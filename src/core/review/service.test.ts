import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { createServices, type Services } from '../services';
import { writeSettings } from '../store/repos/settings';
import { getPaper } from '../store/repos/papers';
import {
  approveUnchanged,
  baseOnDraft,
  getReviewView,
  listRevisionSummaries,
  openReview,
  restoreRevision,
  revisionDetail,
  saveReview,
  setReviewStatus,
} from './index';
import { DRAFT_SECTIONS, seedDraft, seedPaper } from './seed.fixtures';
import { citationText } from '../../shared/review-citations';

describe('review service', () => {
  let dir: ReturnType<typeof tempDir>;
  let s: Services;
  let paperId: string;
  let draftId: string;
  const T0 = Date.parse('2025-03-01T10:00:00Z');

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
    writeSettings(s.db, { annotator: 'Ada' });
    paperId = seedPaper(s, 'Paper A');
    draftId = seedDraft(s, paperId, { sections: DRAFT_SECTIONS });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await s.close();
    dir.remove();
  });
  const at = (ms: number) => vi.setSystemTime(T0 + ms);

  it('needs an annotator name', () => {
    writeSettings(s.db, { annotator: '' });
    expect(() => openReview(s, { paperId })).toThrow(/annotator/);
  });

  it('opens pre-filled from the latest draft, once, without touching the draft', () => {
    const before = s.db.prepare('SELECT * FROM drafts WHERE id = ?').get(draftId);
    const v = openReview(s, { paperId });
    expect(v.annotator).toBe('Ada');
    expect(v.draftId).toBe(draftId);
    expect(v.sections).toEqual(DRAFT_SECTIONS);
    expect(v.draft?.sections).toEqual(DRAFT_SECTIONS);
    expect(v.revisionCount).toBe(1);
    expect(openReview(s, { paperId }).id).toBe(v.id);
    saveReview(s, { reviewId: v.id, sections: { accept: 'Changed.' } });
    expect(s.db.prepare('SELECT * FROM drafts WHERE id = ?').get(draftId)).toEqual(before);
  });

  it('opens empty when there is no draft, and parses a draft that has only raw text', () => {
    const other = seedPaper(s, 'Paper B');
    const empty = openReview(s, { paperId: other });
    expect(empty.draft).toBeNull();
    expect(Object.values(empty.sections).every((t) => t === '')).toBe(true);
    const third = seedPaper(s, 'Paper C');
    const raw = seedDraft(s, third, {
      text: '## Significance and novelty\nNew.\n\n## Suggestions for improvement\nMore.',
    });
    const v = openReview(s, { paperId: third, draftId: raw });
    expect(v.sections.significance).toBe('New.');
    expect(v.sections.suggestions).toBe('More.');
  });

  it('keeps one revision per burst of edits', () => {
    const v = openReview(s, { paperId });
    at(1_000);
    saveReview(s, { reviewId: v.id, sections: { accept: 'a' } }); // first edit: new row (rev 1 is the draft)
    at(2_000);
    saveReview(s, { reviewId: v.id, sections: { accept: 'ab' } });
    at(20_000);
    const r = saveReview(s, { reviewId: v.id, sections: { accept: 'abc' } });
    expect(r.revisionCount).toBe(2);
    at(60_000); // 40 s of quiet: a new burst
    expect(saveReview(s, { reviewId: v.id, sections: { accept: 'abcd' } }).revisionCount).toBe(3);
    const revs = listRevisionSummaries(s.db, v.id);
    expect(revisionDetail(s.db, revs[0]!.id).sections.accept).toBe(DRAFT_SECTIONS.accept);
    expect(revisionDetail(s.db, revs[1]!.id).sections.accept).toBe('abc');
    expect(revisionDetail(s.db, revs[2]!.id).sections.accept).toBe('abcd');
  });

  it('checkpoints long continuous bursts and ignores no-op saves', () => {
    const v = openReview(s, { paperId });
    for (let i = 1; i <= 40; i++) {
      at(i * 10_000); // every 10 s for 400 s
      saveReview(s, { reviewId: v.id, notes: `n${i}` });
    }
    expect(listRevisionSummaries(s.db, v.id).length).toBe(3); // draft + two bursts capped at 5 min
    const r = saveReview(s, { reviewId: v.id, notes: 'n40' });
    expect(r.changed).toBe(false);
  });

  it('validates sections and scores against the template', () => {
    const v = openReview(s, { paperId });
    expect(() => saveReview(s, { reviewId: v.id, sections: { nope: 'x' } })).toThrow(/no section/);
    expect(() => saveReview(s, { reviewId: v.id, scores: { Rating: 5 } })).toThrow(/no score/);
    const conf = seedPaper(s, 'Conf');
    const c = openReview(s, {
      paperId: conf,
      draftId: seedDraft(s, conf, { templateId: 'conference@1', text: '## Summary\nS\n**Rating:** 6' }),
    });
    expect(c.scores).toEqual({ Rating: 6 });
    expect(() => saveReview(s, { reviewId: c.id, scores: { Rating: 11 } })).toThrow(/1 to 10/);
    saveReview(s, { reviewId: c.id, scores: { Rating: null, Confidence: 3 } });
    expect(getReviewView(s, conf)!.scores).toEqual({ Confidence: 3 });
  });

  it('approves, skips and rejects with the rules, and the paper status follows', () => {
    const v = openReview(s, { paperId });
    expect(() => setReviewStatus(s, { reviewId: v.id, status: 'approved' })).toThrow(/Approve unchanged/);
    expect(() => setReviewStatus(s, { reviewId: v.id, status: 'skipped' })).toThrow(/reason/);
    const events: unknown[] = [];
    s.events.subscribe((e, p) => events.push([e, p]));
    saveReview(s, { reviewId: v.id, sections: { reject: 'No baselines; weak ablations.' } });
    expect(getPaper(s.db, paperId)!.status).toBe('in_progress');
    const a = setReviewStatus(s, { reviewId: v.id, status: 'approved', reason: 'ignored' });
    expect([a.status, a.statusReason, a.approvedUnchanged]).toEqual(['approved', null, false]);
    expect(getPaper(s.db, paperId)!.status).toBe('approved');
    expect(events).toContainEqual(['papersChanged', { ids: [paperId] }]);
    const k = setReviewStatus(s, { reviewId: v.id, status: 'skipped', reason: ' out of my field ' });
    expect([k.status, k.statusReason]).toEqual(['skipped', 'out of my field']);
    expect(getPaper(s.db, paperId)!.status).toBe('skipped');
    const r = setReviewStatus(s, { reviewId: v.id, status: 'rejected', reason: 'spam' });
    expect(r.status).toBe('rejected');
    const back = setReviewStatus(s, { reviewId: v.id, status: 'in_progress' });
    expect([back.status, back.statusReason]).toEqual(['in_progress', null]);
    // Each status change is its own revision.
    expect(listRevisionSummaries(s.db, v.id).map((x) => x.status)).toEqual([
      'in_progress',
      'in_progress',
      'approved',
      'skipped',
      'rejected',
      'in_progress',
    ]);
  });

  it('refuses to approve an empty review or one with missing scores', () => {
    const p = seedPaper(s, 'Empty');
    const v = openReview(s, { paperId: p });
    expect(() => setReviewStatus(s, { reviewId: v.id, status: 'approved' })).toThrow(/empty/);
    expect(() => approveUnchanged(s, v.id)).toThrow(/no draft/);
    const conf = seedPaper(s, 'Conf2');
    const c = openReview(s, {
      paperId: conf,
      draftId: seedDraft(s, conf, { templateId: 'conference@1', text: '## Summary\nS' }),
    });
    saveReview(s, { reviewId: c.id, sections: { summary: 'Mine.' }, scores: { Rating: 4 } });
    expect(() => setReviewStatus(s, { reviewId: c.id, status: 'approved' })).toThrow(/Confidence/);
  });

  it('approves unchanged only while the review equals its draft', () => {
    const v = openReview(s, { paperId });
    const a = approveUnchanged(s, v.id);
    expect([a.status, a.approvedUnchanged]).toEqual(['approved', true]);
    // Editing afterwards clears the mark: it is no longer unchanged.
    saveReview(s, { reviewId: v.id, sections: { accept: 'Different.' } });
    expect(getReviewView(s, paperId)!.approvedUnchanged).toBe(false);
    expect(() => approveUnchanged(s, v.id)).toThrow(/edited/);
    // Whitespace around a section does not count as a change.
    saveReview(s, { reviewId: v.id, sections: { accept: `  ${DRAFT_SECTIONS.accept}\n` } });
    expect(approveUnchanged(s, v.id).approvedUnchanged).toBe(true);
  });

  it('restores an older revision as a new revision', () => {
    const v = openReview(s, { paperId });
    at(1_000);
    saveReview(s, { reviewId: v.id, sections: { accept: 'first' } });
    at(60_000);
    saveReview(s, { reviewId: v.id, sections: { accept: 'second' } });
    const revs = listRevisionSummaries(s.db, v.id);
    expect(revs).toHaveLength(3);
    at(61_000);
    const r = restoreRevision(s, v.id, revs[1]!.id);
    expect(r.sections.accept).toBe('first');
    expect(r.revisionCount).toBe(4);
    expect(() => restoreRevision(s, v.id, 999_999)).toThrow(/No revision/);
    // An edit right after a restore does not rewrite the restore: history only grows.
    at(62_000);
    saveReview(s, { reviewId: v.id, sections: { accept: 'first!' } });
    expect(listRevisionSummaries(s.db, v.id)).toHaveLength(4);
  });

  it('stores labels (deduplicated), anchors and time on task', () => {
    const v = openReview(s, { paperId });
    const anchor = {
      id: 'a1',
      sectionId: 'reject',
      page: 3,
      quote: 'we did not',
      before: 'In short, ',
      after: ' compare.',
      createdAt: new Date().toISOString(),
    };
    const sections = { reject: `No baselines.\n${citationText(anchor.quote, 3)}\n` };
    saveReview(s, {
      reviewId: v.id,
      sections,
      labels: ['missed_weakness', 'format', 'format'],
      anchors: [anchor],
      timeDeltaMs: 1500,
    });
    const r1 = saveReview(s, { reviewId: v.id, timeDeltaMs: 2500 });
    expect(r1.changed).toBe(false);
    const got = getReviewView(s, paperId)!;
    expect(got.labels).toEqual(['missed_weakness', 'format']);
    expect(got.anchors).toEqual([anchor]);
    expect(got.timeOnTaskMs).toBe(4000);
  });

  it('drops an anchor once its citation leaves the text, whatever the client sends', () => {
    const v = openReview(s, { paperId });
    const anchor = {
      id: 'a1',
      sectionId: 'reject',
      page: 2,
      quote: 'a "quoted" claim',
      before: '',
      after: '',
      createdAt: new Date().toISOString(),
    };
    const cited = `No baselines.\n${citationText(anchor.quote, 2)}\n`;
    saveReview(s, { reviewId: v.id, sections: { reject: cited }, anchors: [anchor] });
    expect(getReviewView(s, paperId)!.anchors).toEqual([anchor]);
    // Undo removes the citation; the stale client still sends its anchor list.
    saveReview(s, { reviewId: v.id, sections: { reject: 'No baselines.' }, anchors: [anchor] });
    expect(getReviewView(s, paperId)!.anchors).toEqual([]);
  });

  it('previews a review without storing it, then creates it with the preview id at the first edit', () => {
    const other = seedPaper(s, 'Paper P');
    const preview = openReview(s, { paperId: other, preview: true });
    expect(preview.stored).toBe(false);
    expect(preview.revisionCount).toBe(0);
    expect(getReviewView(s, other)).toBeNull();
    expect(getPaper(s.db, other)!.status).toBe('new');
    const created = openReview(s, { paperId: other, id: preview.id });
    expect(created.id).toBe(preview.id);
    // Written from scratch: no empty revision #1; the first save is the first revision.
    expect(created.revisionCount).toBe(0);
    saveReview(s, { reviewId: created.id, sections: { accept: 'Solid.' } });
    at(1000);
    saveReview(s, { reviewId: created.id, sections: { accept: 'Solid work.' } });
    expect(listRevisionSummaries(s.db, created.id).map((r) => r.words)).toEqual([2]);
    expect(getPaper(s.db, other)!.status).toBe('in_progress');
  });

  it('rebases on another draft, keeping the old text in history', () => {
    const v = openReview(s, { paperId });
    saveReview(s, { reviewId: v.id, sections: { accept: 'mine' } });
    const d2 = seedDraft(s, paperId, { sections: { ...DRAFT_SECTIONS, accept: 'Second draft.' } });
    const r = baseOnDraft(s, v.id, d2);
    expect([r.draftId, r.sections.accept, r.draft?.sections.accept]).toEqual([
      d2,
      'Second draft.',
      'Second draft.',
    ]);
    const revs = listRevisionSummaries(s.db, v.id);
    expect(revisionDetail(s.db, revs[revs.length - 2]!.id).sections.accept).toBe('mine');
    expect(() => baseOnDraft(s, v.id, 'nope')).toThrow(/No draft/);
  });
});
