import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../src/core/api';
import { createServices } from '../../src/core/services';
import { prose, section } from '../../src/core/engine/engine.fixtures';
import { insertPaper, savePaperText } from '../../src/core/store/repos/papers';
import {
  REPEAT,
  timeLimit,
  checkAfterRestart,
  manifestFiles,
  randomSource,
  seedApproved,
  sleep,
  startClient,
  waitFor,
  type HostClient,
  killWorkspace,
} from '../support/kill-harness';

const temp = killWorkspace('prs-kill-export-');
const data = join(temp.path, 'library');
const exportsRoot = join(temp.path, 'exports');
/** Enough approved reviews that one export runs for a second or so on a 2-core box. */
const BULK_REVIEWS = 400;

/** Fills the library through core before the host starts (the same code the host runs). */
async function seedBulk(): Promise<void> {
  const s = createServices({ dataDir: data, host: 'cli' });
  try {
    const h = createHandlers(s);
    const call = async (m: string, input: unknown) => {
      const r = await dispatch(h, m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.value as { id: string; template: { sections: Array<{ id: string }> } };
    };
    await call('updateSettings', { annotator: 'fault-suite' });
    for (let i = 0; i < BULK_REVIEWS; i++) {
      // Text-only papers (as import-reviews brings in): no PDF in papers/ to account for.
      const paperId = createHash('sha256').update(`bulk ${i}`).digest('hex');
      const sections = [
        section('Abstract', 'abstract', prose(60, i)),
        section('Method', 'body', prose(600, i + 1)),
      ];
      insertPaper(s.db, { id: paperId, title: `Bulk paper ${i}`, abstract: null, hasPdf: false });
      savePaperText(
        s.db,
        paperId,
        { extractorVersion: 'test@1', sections, captions: [], warnings: [] },
        prose(660, i),
      );
      const review = await call('openReview', { paperId });
      const text = Object.fromEntries(review.template.sections.map((x) => [x.id, prose(120, i + 7)]));
      await call('saveReview', { reviewId: review.id, sections: text });
      await call('setReviewStatus', { reviewId: review.id, status: 'approved' });
    }
  } finally {
    await s.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * After a kill mid-export, a folder is either whole (its manifest lists every file with a
 * matching sha256) or has no manifest, and then merge refuses it and a new export into it
 * gets a clear conflict; a folder the kill left empty (lock only) takes a new export.
 */
async function checkExportFolder(c: HostClient, dir: string): Promise<'whole' | 'refused' | 'retried'> {
  if (existsSync(join(dir, 'manifest.json'))) {
    for (const f of manifestFiles(dir)) expect(sha(join(dir, f.path)), f.path).toBe(f.sha256);
    return 'whole';
  }
  const merge = await c.raw('mergeExport', { dir });
  if (existsSync(dir)) {
    expect(merge.ok).toBe(false);
    if (!merge.ok) expect(merge.error.message).toMatch(/no manifest\.json|not an export/i);
  }
  const listed = await c.call<Array<{ outDir: string }>>('listExports');
  expect(listed.map((e) => e.outDir)).not.toContain(dir);
  const leftovers = existsSync(dir) ? readdirSync(dir).filter((n) => n !== '.export.lock') : [];
  const again = await c.raw('exportDataset', { format: 'messages', outDir: dir });
  if (leftovers.length > 0) {
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('conflict');
      expect(again.error.message).toMatch(/interrupted|not empty/);
    }
    return 'refused';
  }
  expect(again.ok, JSON.stringify(again)).toBe(true);
  expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  return 'retried';
}

describe('kill -9 of the web host mid-export', () => {
  it(
    `never leaves a half-written export that looks finished (${REPEAT} kills)`,
    async () => {
      const rnd = randomSource('kill-export');
      await seedBulk();
      let c = await startClient(data);
      const approved = await seedApproved(c, 1);

      // One whole export first, timed from its lock (the folder is taken) to its manifest: the
      // window where files are written, renamed and synced. Kills land at random inside it
      // (plus a little either side), not in the worker's start-up before it.
      const calibration = join(exportsRoot, 'calibration');
      const t0 = Date.now();
      const whole = c.call('exportDataset', { format: 'messages', outDir: calibration });
      await waitFor(
        () => existsSync(join(calibration, '.export.lock')),
        60_000,
        'the export to take its folder',
      );
      const locked = Date.now();
      await whole;
      const duration = Date.now() - t0;
      const writing = Date.now() - locked;

      const outcomes: string[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const dir = join(exportsRoot, `killed-${i}`);
        const offset = Math.round(rnd.next() * (writing + 100));
        const pending = c.raw('exportDataset', { format: 'messages', outDir: dir }).catch(() => null);
        await waitFor(() => existsSync(join(dir, '.export.lock')), 60_000, 'the export to take its folder');
        await sleep(offset);
        await c.host.stop('SIGKILL');
        await pending;
        c = await startClient(data);
        await checkAfterRestart(c, data, approved);
        outcomes.push(`${offset}ms:${await checkExportFolder(c, dir)}`);
      }
      // A second export into a folder being written gets a clear conflict, not a mixed folder.
      const busy = join(exportsRoot, 'busy');
      const both = await Promise.all([
        c.raw('exportDataset', { format: 'messages', outDir: busy }),
        sleep(50).then(() => c.raw('exportDataset', { format: 'messages', outDir: busy })),
      ]);
      expect(both.filter((r) => r.ok)).toHaveLength(1);
      const loser = both.find((r) => !r.ok);
      if (loser && !loser.ok) expect(loser.error.message).toMatch(/Another export|not empty/);
      for (const f of manifestFiles(busy)) expect(sha(join(busy, f.path))).toBe(f.sha256);

      process.stdout.write(
        `[kill-export] export ${duration} ms (${writing} ms writing); kills after the lock: ${outcomes.join(', ')}\n`,
      );
      await c.host.stop();
    },
    timeLimit(70_000),
  );
});
