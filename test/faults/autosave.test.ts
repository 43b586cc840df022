import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/temp';
import { createServices, type Services } from '../../src/core/services';
import { openReview, saveReview, getReviewView } from '../../src/core/review';
import { DRAFT_SECTIONS, seedDraft, seedPaper } from '../../src/core/review/seed.fixtures';
import { writeSettings } from '../../src/core/store/repos/settings';
import { toApiError, type Result } from '../../src/shared/errors';
import type { SaveReviewInput, SaveReviewResult } from '../../src/shared/contract/review';
import {
  Autosave,
  MAX_WAIT_MS,
  RETRY_MAX_MS,
  retryDelay,
  type SaveState,
} from '../../src/renderer/features/review/autosave';

/** The autosave against the real review service (a real SQLite library), as two tabs would use it. */
describe('Autosave', () => {
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
    vi.useRealTimers();
    await s.close();
    dir.remove();
  });

  const real = async (input: SaveReviewInput): Promise<Result<SaveReviewResult>> => {
    try {
      return { ok: true, value: saveReview(s, input) };
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  };
  const stored = () => getReviewView(s, paperId)!.sections.accept;

  it('gives the second writer a conflict it can resolve either way, never a silent overwrite', async () => {
    const v = openReview(s, { paperId });
    const tabA = new Autosave(v.id, real, undefined, v.revision);
    const tabB = new Autosave(v.id, real, undefined, v.revision);
    tabA.section('accept', () => 'A wrote this.');
    expect(await tabA.flush()).toBe(true);

    tabB.section('accept', () => 'B, unaware of A.');
    expect(await tabB.flush()).toBe(false);
    expect(tabB.saveState).toBe('conflict');
    expect(tabB.conflict?.sections.accept).toBe('A wrote this.');
    expect(stored()).toBe('A wrote this.');
    // While the choice is pending, typing is kept and nothing is sent.
    tabB.section('accept', () => 'B, still typing.');
    expect(await tabB.flush()).toBe(false);
    expect(stored()).toBe('A wrote this.');

    expect(
      await tabB.keepMine({ accept: 'ignored: the pending edit wins', reject: 'B shows this too.' }),
    ).toBe(true);
    expect(tabB.saveState).toBe('saved');
    expect(getReviewView(s, paperId)).toMatchObject({
      sections: { accept: 'B, still typing.', reject: 'B shows this too.' },
    });

    // Now A is behind: its next edit conflicts in turn, and "load theirs" drops it.
    tabA.section('accept', () => 'A again.');
    expect(await tabA.flush()).toBe(false);
    expect(tabA.saveState).toBe('conflict');
    tabA.loadTheirs();
    expect(tabA.saveState).toBe('saved');
    expect(tabA.hasChanges()).toBe(false);
    tabA.section('suggestions', () => 'A, after loading theirs.');
    expect(await tabA.flush()).toBe(true);
    expect(getReviewView(s, paperId)).toMatchObject({
      sections: { accept: 'B, still typing.', suggestions: 'A, after loading theirs.' },
    });
  });

  it('backs off exponentially while saves fail, shows each failure, and loses nothing', async () => {
    vi.useFakeTimers();
    const v = openReview(s, { paperId });
    let down = 3;
    const attempts: number[] = [];
    const flaky = (input: SaveReviewInput) => {
      attempts.push(Date.now());
      if (down-- > 0)
        return Promise.resolve<Result<SaveReviewResult>>({
          ok: false,
          error: { code: 'io_error', message: 'host unreachable' },
        });
      return real(input);
    };
    const tab = new Autosave(v.id, flaky, undefined, v.revision);
    const states: Array<[SaveState, string]> = [];
    tab.subscribe((st, e) => states.push([st, e]));
    tab.section('accept', () => 'Typed while the host was down.');
    await tab.flush();
    expect(tab.failure).toMatchObject({ failures: 1, message: 'host unreachable' });
    // Typing during the back-off does not hammer the host.
    tab.section('reject', () => 'More typing.');
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tab.failure?.failures).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(tab.failure?.failures).toBe(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(attempts.map((t) => t - attempts[0]!)).toEqual([0, 1000, 3000, 7000]);
    expect(tab.saveState).toBe('saved');
    expect(states.filter(([st]) => st === 'error')).toHaveLength(3);
    expect(getReviewView(s, paperId)).toMatchObject({
      sections: { accept: 'Typed while the host was down.', reject: 'More typing.' },
    });
  });

  it('saves during continuous typing: no keystroke waits more than MAX_WAIT_MS for its save to start', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const v = openReview(s, { paperId });
    const starts: number[] = [];
    const tab = new Autosave(
      v.id,
      (input) => (starts.push(performance.now()), real(input)),
      undefined,
      v.revision,
    );
    let text = '';
    const keys: number[] = [];
    // A key every 40 ms for 2 s: the debounce alone would not fire until the typing stops.
    for (let i = 0; i < 50; i++) {
      text += 'x';
      const snapshot = text;
      keys.push(performance.now());
      tab.section('accept', () => snapshot);
      await vi.advanceTimersByTimeAsync(40);
    }
    await tab.flush();
    for (const k of keys) expect(starts.find((t) => t >= k)! - k).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(starts.length).toBeGreaterThan(5);
    expect(getReviewView(s, paperId)!.sections.accept).toBe(text);
  });

  it('"keep mine" keeps this tab\'s scores and notes too, not only its sections', async () => {
    writeSettings(s.db, { defaultTemplate: 'conference@1' });
    const scored = seedPaper(s, 'Paper with scores');
    const first = openReview(s, { paperId: scored });
    saveReview(s, { reviewId: first.id, scores: { Rating: 7 } });
    // Both tabs open the review as it now stands: Rating 7, no confidence, no notes.
    const v = openReview(s, { paperId: scored });
    const shown = { scores: v.scores, notes: v.notes };
    const tabA = new Autosave(v.id, real, undefined, v.revision, shown);
    const tabB = new Autosave(v.id, real, undefined, v.revision, shown);
    tabA.set('scores', { Rating: 3, Confidence: 4 });
    tabA.set('notes', 'A: weak baselines.');
    expect(await tabA.flush()).toBe(true);

    // B edits a section only: conflict; "keep mine" must give B's whole review, not a merge.
    tabB.section('summary', () => 'B summarises.');
    expect(await tabB.flush()).toBe(false);
    expect(tabB.saveState).toBe('conflict');
    expect(await tabB.keepMine({ summary: 'B summarises.' })).toBe(true);
    expect(getReviewView(s, scored)).toMatchObject({
      sections: { summary: 'B summarises.' },
      scores: { Rating: 7 },
      notes: '',
    });
    expect(getReviewView(s, scored)?.scores).not.toHaveProperty('Confidence');
  });

  it('caps the back-off', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelay)).toEqual([
      1000,
      2000,
      4000,
      8000,
      16000,
      RETRY_MAX_MS,
      RETRY_MAX_MS,
      RETRY_MAX_MS,
    ]);
  });
});
