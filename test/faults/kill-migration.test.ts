import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/open';
import { SCHEMA_VERSION } from '../../src/core/store/migrations';
import { REPO_ROOT } from '../support/temp';
import { hostArgv } from '../support/host-process';
import {
  REPEAT,
  timeLimit,
  checkAfterRestart,
  dbCheck,
  paperFileProblems,
  randomSource,
  seedApproved,
  sleep,
  startClient,
  killWorkspace,
} from '../support/kill-harness';

const temp = killWorkspace('prs-kill-migration-');
/** Rows the long migration writes: about a second or two of work on a 2-core box. */
const ROWS = 300_000;
const CHILD = join(REPO_ROOT, 'test/support/kill-migration-child.ts');

/**
 * Runs the migration child; resolves when it exits with the ms from "library open" to exit
 * (the migration's own time). With `killAfterMs` it is killed that long after the open.
 */
function runNode(args: string[], killAfterMs?: number): Promise<{ ms: number; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let opened = Date.now();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      // The clock starts when the library is open: the kill lands inside the migration.
      if (!d.toString().includes('open')) return;
      opened = Date.now();
      if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve({ ms: Date.now() - opened, code });
    });
  });
}

function schemaState(db: string): { version: number; rows: number | null } {
  const d = openDatabase(db, { readonly: true });
  try {
    const version = d.pragma('user_version', { simple: true }) as number;
    const table = d.prepare("SELECT 1 FROM sqlite_master WHERE name = 'fault_backfill'").get();
    const rows = table
      ? (d.prepare('SELECT COUNT(*) AS n FROM fault_backfill').get() as { n: number }).n
      : null;
    return { version, rows };
  } finally {
    d.close();
  }
}

describe('kill -9 mid-migration', () => {
  it(
    `kill -9 of the web host during its first start (schema creation) leaves a library that opens (${REPEAT} kills)`,
    async () => {
      const rnd = randomSource('kill-migration-first-start');
      // How long a first start takes (tsx load, library creation and migration, listen).
      const t0 = Date.now();
      const calib = await startClient(join(temp.path, 'first-start-calibration'));
      const startMs = Date.now() - t0;
      await calib.host.stop();
      for (let i = 0; i < REPEAT; i++) {
        const data = join(temp.path, `first-start-${i}`);
        const offset = Math.round(rnd.next() * startMs);
        const host = spawn(process.execPath, hostArgv(data), { cwd: REPO_ROOT, stdio: 'ignore' });
        const exited = new Promise((r) => host.once('exit', r));
        await sleep(offset);
        host.kill('SIGKILL');
        await exited;
        const c = await startClient(data);
        expect((await c.call<{ schemaVersion: number }>('getAppInfo')).schemaVersion).toBe(SCHEMA_VERSION);
        expect(await dbCheck(data)).toMatch(/^ok: /);
        expect(paperFileProblems(data)).toEqual([]);
        await c.host.stop();
      }
    },
    timeLimit(60_000),
  );

  it(
    `a kill inside a long migration rolls the whole step back; the next start applies it (${REPEAT} kills)`,
    async () => {
      const rnd = randomSource('kill-migration-step');
      const seeded = join(temp.path, 'seeded');
      const c = await startClient(seeded);
      const approved = await seedApproved(c, 1);
      await c.host.stop(); // a clean stop checkpoints the WAL: library.db alone is the library
      const snapshot = join(seeded, 'library.db');

      const scratch = join(temp.path, 'calibration');
      mkdirSync(scratch);
      copyFileSync(snapshot, join(scratch, 'library.db'));
      const full = await runNode([CHILD, join(scratch, 'library.db'), String(ROWS)]);
      expect(schemaState(join(scratch, 'library.db'))).toEqual({ version: SCHEMA_VERSION + 1, rows: ROWS });

      const outcomes: string[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const data = join(temp.path, `step-${i}`);
        mkdirSync(data);
        copyFileSync(snapshot, join(data, 'library.db'));
        copyFileSync(
          join(seeded, 'papers', `${approved[0]!.paperId}.pdf`),
          join(mkdirP(join(data, 'papers')), `${approved[0]!.paperId}.pdf`),
        );
        const db = join(data, 'library.db');
        // Within the first 80 % of the step's time: the step's end varies with the box's load.
        const offset = Math.round(rnd.next() * full.ms * 0.8);
        await runNode([CHILD, db, String(ROWS)], offset);
        expect(await dbCheck(data)).toMatch(/^ok: /);
        const state = schemaState(db);
        // All of the step or none of it: never the table without its rows or its version.
        expect([
          { version: SCHEMA_VERSION, rows: null },
          { version: SCHEMA_VERSION + 1, rows: ROWS },
        ]).toContainEqual(state);
        if (state.version === SCHEMA_VERSION) {
          // The app still opens it, with every approved review, and the step applies on the next run.
          const restarted = await startClient(data);
          await checkAfterRestart(restarted, data, approved);
          await restarted.host.stop();
          await runNode([CHILD, db, String(ROWS)]);
          expect(schemaState(db)).toEqual({ version: SCHEMA_VERSION + 1, rows: ROWS });
        }
        outcomes.push(`${offset}ms:v${state.version}`);
      }
      process.stdout.write(`[kill-migration] step ${full.ms} ms; kills: ${outcomes.join(', ')}\n`);
    },
    timeLimit(100_000),
  );
});

describe('two processes opening one library at once', () => {
  it('each migration is applied once: the second waits for the first and skips what it did', async () => {
    const dir = join(temp.path, 'concurrent');
    mkdirSync(dir);
    const db = join(dir, 'library.db');
    const rows = 50_000;
    // Both start from an empty file; before IMMEDIATE + a second look at user_version, the
    // slower one failed with "table ... already exists".
    const both = await Promise.all([runNode([CHILD, db, String(rows)]), runNode([CHILD, db, String(rows)])]);
    expect(both.map((r) => r.code)).toEqual([0, 0]);
    expect(schemaState(db)).toEqual({ version: SCHEMA_VERSION + 1, rows });
    expect(await dbCheck(dir)).toMatch(/^ok: /);
  }, 120_000);
});

function mkdirP(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
