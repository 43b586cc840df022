import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { createServices, type Services } from '../services';
import { writeSettings } from '../store/repos/settings';
import { openReview, reviewQueue, saveReview, setReviewStatus } from './index';
import { seedPaper } from './seed.fixtures';

describe('review queue', () => {
  const dir = tempDir();
  let s: Services;
  const ids: string[] = [];
  beforeAll(() => {
    s = createServices({ dataDir: dir.path, host: 'cli' });
    writeSettings(s.db, { annotator: 'Ada' });
    for (let i = 0; i < 4; i++) ids.push(seedPaper(s, `Paper ${i}`, `2025-01-0${i + 1}T00:00:00.000Z`));
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });
  const byTitle = { sort: 'title', dir: 'asc' } as const;

  it('walks the filter in its sort order', () => {
    const q = reviewQueue(s.db, ids[1]!, byTitle, 'Ada');
    expect(q).toMatchObject({
      position: 1,
      total: 4,
      prevId: ids[0],
      nextId: ids[2],
      done: 0,
      all: 4,
      etaMs: null,
    });
    expect(reviewQueue(s.db, ids[0]!, { sort: 'added', dir: 'desc' }, 'Ada')).toMatchObject({
      position: 3,
      nextId: null,
      prevId: ids[1],
    });
  });

  it('finds the next paper after the current one left a status filter, with progress and an ETA', () => {
    const v = openReview(s, { paperId: ids[1]! });
    saveReview(s, { reviewId: v.id, sections: { significance: 'Mine.' }, timeDeltaMs: 60_000 });
    setReviewStatus(s, { reviewId: v.id, status: 'approved' });
    const q = reviewQueue(s.db, ids[1]!, { status: 'new', ...byTitle }, 'Ada', 1);
    expect(q).toMatchObject({
      position: null,
      total: 3,
      prevId: ids[0],
      nextId: ids[2],
      done: 1,
      all: 4,
      etaMs: 3 * 60_000,
    });
  });
});
