import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runExport } from './run';
import { useExportLibrary } from './export.fixtures';
import { killAfterRecords } from './kill-worker.fixtures';

/** How an export run behaves around its output folder: a killed run, a used folder, progress. */
const lib = useExportLibrary();
const { ctx, out } = lib;

describe('export run', () => {
  it('a killed export leaves only .partial files and no manifest, and is not recorded', async () => {
    const dir = out();
    const before = (lib.store.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n;
    await expect(
      runExport(ctx(), { format: 'messages', outDir: dir }, { faults: killAfterRecords(5) }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/exit code 70/),
    });
    const names = readdirSync(dir);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.endsWith('.partial'))).toBe(true);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect((lib.store.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n).toBe(before);
  });

  it('refuses a folder that is not empty, and reports progress', async () => {
    const dir = out();
    const events: string[] = [];
    await runExport(
      ctx(),
      { format: 'messages', outDir: dir, requestId: 'req-1' },
      { onProgress: (p) => events.push(`${p.requestId}:${p.phase}`) },
    );
    expect(events[0]).toBe('req-1:counting');
    expect(events.at(-1)).toBe('req-1:done');
    await expect(runExport(ctx(), { format: 'messages', outDir: dir })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
