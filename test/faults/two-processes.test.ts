import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services';
import { addTestPaper, makeTestModels } from '../../src/core/engine/engine.fixtures';
import { writeEngineSettings } from '../../src/core/engine/settings';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { REPO_ROOT, tempDir } from '../support/temp';

/**
 * Two processes on one library (issue 18): the app (the real web host, drafting on a tiny
 * GGUF) and CLI commands started beside it; then a kill -9 of the drafting app and a restart.
 * Nothing the live process runs may be touched by the other; only a dead process's work is.
 */
const models = makeTestModels();
const temp = tempDir('prs-faults-');
const data = join(temp.path, 'library');
let paperId = '';
let modelId = '';
let host: HostProcess | undefined;

/** The tiny model drafts ~150 tokens/s on a busy 2-core box: 3500 tokens keep a draft running ~20 s. */
const LONG_DRAFT = 3500;

beforeAll(async () => {
  const s = createServices({ dataDir: data, host: 'cli' });
  writeEngineSettings(s.db, { threads: 1, contextSize: 4096, maxTokens: 64 });
  paperId = addTestPaper(s);
  modelId = (await s.engine.models.add(models.mistral)).id;
  await s.close();
  host = await startHostProcess(data);
});
afterAll(async () => {
  await host?.stop();
  temp.remove();
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const token = new URL(host!.url).searchParams.get('token')!;
  const res = await fetch(`${host!.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-prs-token': token },
    body: JSON.stringify(input),
  });
  const r = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value as T;
}

/** The real CLI, as a user would run it beside the app (async: two may run at once). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args, '--data-dir', data],
      {
        cwd: REPO_ROOT,
        timeout: 120_000,
      },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    };
  }
}

/** Reads the library as a third party (read-only), never as one of the processes under test. */
function draftRow(id: string): {
  end_reason: string;
  error: string | null;
  text: string;
  owner_id: string | null;
} {
  const db = new Database(join(data, 'library.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT end_reason, error, text, owner_id FROM drafts WHERE id = ?')
      .get(id) as ReturnType<typeof draftRow>;
  } finally {
    db.close();
  }
}

async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two processes on one library', () => {
  it('a CLI beside the drafting app lists models, is refused drafting in one line, and leaves the live draft alone', async () => {
    const { draftId, requestId } = await call<{ draftId: string; requestId: string }>('startDraft', {
      paperId,
      modelId,
      maxTokens: LONG_DRAFT,
    });
    expect(draftRow(draftId).end_reason).toBe('running');
    const [list, draft] = await Promise.all([
      cli(['models', 'list', '--json']),
      cli(['draft', paperId, '--model', modelId]),
    ]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(modelId);
    expect(draft.code).toBe(1);
    expect(draft.stderr.trim()).toMatch(
      new RegExp(
        `^paper-review: The library is in use by pid ${host!.child.pid} \\(the web host, npm run serve\\); draft from there, or close it and try again\\.$`,
      ),
    );
    // Both CLIs opened the library (and ran recovery) while the app was drafting.
    expect(draftRow(draftId).end_reason, 'the draft ended before the CLIs ran: raise LONG_DRAFT').toBe(
      'running',
    );
    await call('stopDraft', { requestId });
    await until(() => draftRow(draftId).end_reason !== 'running', 'the draft to stop');
    expect(draftRow(draftId)).toMatchObject({ end_reason: 'stopped', error: null });
    expect(draftRow(draftId).text.length).toBeGreaterThan(0);
  }, 240_000);

  it('kill -9 of the drafting app, then a restart: its draft (and only its) is marked interrupted', async () => {
    const { draftId } = await call<{ draftId: string }>('startDraft', {
      paperId,
      modelId,
      maxTokens: LONG_DRAFT,
    });
    await until(() => draftRow(draftId).text.length > 0, 'streamed text to reach the database');
    // Another live process (this test) with a draft of its own running at the same time.
    const other = createServices({ dataDir: data, host: 'cli' });
    const mine = crypto.randomUUID();
    other.db
      .prepare(
        "INSERT INTO drafts (id, paper_id, text, end_reason, created_at, owner_id) VALUES (?, ?, 'mine', 'running', ?, ?)",
      )
      .run(mine, paperId, new Date().toISOString(), other.instanceId);
    try {
      await host!.stop('SIGKILL');
      expect(draftRow(draftId).end_reason).toBe('running'); // nobody has recovered yet
      host = await startHostProcess(data);
      const after = draftRow(draftId);
      expect(after.end_reason).toBe('error');
      expect(after.error).toMatch(/^Interrupted/);
      expect(after.text.length, 'the streamed text is kept').toBeGreaterThan(0);
      expect(draftRow(mine)).toMatchObject({ end_reason: 'running', text: 'mine' });
      // The restarted app took the writer role from the dead one.
      const db = new Database(join(data, 'library.db'), { readonly: true });
      expect(db.prepare('SELECT pid FROM processes WHERE writer = 1').get()).toEqual({ pid: host.child.pid });
      db.close();
    } finally {
      other.db.prepare("UPDATE drafts SET end_reason = 'stopped' WHERE id = ?").run(mine);
      await other.close();
    }
  }, 240_000);
});
