import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { EXPORT_LOCK, lockExportDir, releaseExportLock } from './out-dir';
import { PartialFile } from './partial-file';

const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );

describe('export folder lock', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(() => dir?.remove());

  it('creates the folder, holds it against a second export, and frees it', () => {
    dir = tempDir();
    const out = join(dir.path, 'a', 'b');
    lockExportDir(out, 'first');
    expect(readdirSync(out)).toEqual([EXPORT_LOCK]);
    expect(() => lockExportDir(out, 'second')).toThrow(/Another export \(process \d+\) is writing into/);
    releaseExportLock(out, 'second'); // not its lock: nothing happens
    expect(existsSync(join(out, EXPORT_LOCK))).toBe(true);
    releaseExportLock(out, 'first');
    expect(readdirSync(out)).toEqual([]);
    expect(() => lockExportDir(out, 'third')).not.toThrow();
  });

  it('refuses a folder that is a symbolic link, and one that is not empty', () => {
    dir = tempDir();
    const real = join(dir.path, 'real');
    mkdirSync(real);
    const link = join(dir.path, 'link');
    symlinkSync(real, link);
    expect(() => lockExportDir(link, 'x')).toThrow(/symbolic link/);
    expect(readdirSync(real)).toEqual([]);
    writeFileSync(join(real, 'notes.txt'), 'mine');
    expect(() => lockExportDir(real, 'x')).toThrow(/is not empty/);
    expect(readdirSync(real)).toEqual(['notes.txt']);
  });

  it('tells a lock left by a killed export from a live one', () => {
    dir = tempDir();
    const out = join(dir.path, 'out');
    mkdirSync(out);
    writeFileSync(join(out, EXPORT_LOCK), JSON.stringify({ pid: deadPid(), exportId: 'killed' }));
    // Killed before it wrote anything: the folder is taken over.
    lockExportDir(out, 'next');
    expect(JSON.parse(readFileSync(join(out, EXPORT_LOCK), 'utf8'))).toMatchObject({
      pid: process.pid,
      exportId: 'next',
    });
    // Killed mid-write: its partial files stay, and the folder is refused with the reason.
    writeFileSync(join(out, EXPORT_LOCK), JSON.stringify({ pid: deadPid(), exportId: 'killed' }));
    writeFileSync(join(out, 'train.jsonl.partial'), '{}\n');
    expect(() => lockExportDir(out, 'later')).toThrow(/interrupted \(no manifest\.json\)/);
  });

  it('never writes through a symbolic link planted at a file name', () => {
    dir = tempDir();
    const victim = join(dir.path, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir.path, 'train.jsonl.partial'));
    expect(() => new PartialFile(join(dir!.path, 'train.jsonl'))).toThrow(/symbolic link|already exists/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});
