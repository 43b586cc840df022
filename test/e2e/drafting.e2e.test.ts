import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';
import { makeTestModels, type TestModels } from '../support/make-test-models';
import { createServices } from '../../src/core/services';
import { writeEngineSettings } from '../../src/core/engine/settings';

const PDF = fixturePdf('iclr2017-gcrn.pdf');
const TITLE = /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i;
const CRASH =
  'The model engine was killed (SIGKILL, possibly out of memory); it restarts on the next request.';
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
/**
 * Comparable text of gibberish drafts: letters and digits only. CodeMirror's textContent
 * drops line breaks (a <pre> keeps them), shows control and invisible characters as
 * placeholders, and renders only the lines in view.
 */
const plain = (s: string | null) => (s ?? '').replace(/[^A-Za-z0-9]+/g, '');

/**
 * Issue 4's end-to-end: the real engine (worker process, llama.cpp) on the tiny generated
 * models, driven through the web UI as an annotator would. Settings: one thread; a 4096
 * context with 2048 tokens reserved for the review, so the corpus paper must be trimmed
 * (references dropped, body cut) and a draft runs long enough (a few seconds) to watch it
 * stream, stop it, and kill the worker under it.
 */
describe.skipIf(!existsSync(PDF))('drafting through the web host', () => {
  let models: TestModels;
  const app = useWebApp({
    prefix: 'prs-e2e-draft-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      models = makeTestModels(join(dir, 'models'));
      // Fast on two shared cores: one thread, a small context, a review budget a draft needs seconds for.
      const s = createServices({ dataDir: data, host: 'cli' });
      writeEngineSettings(s.db, { threads: 1, contextSize: 4096, maxTokens: 2048 });
      await s.close();
    },
    page: { setup: (page) => page.on('dialog', (d) => void d.accept()) },
  });

  const panel = () => app.page.getByRole('region', { name: 'Draft', exact: true });
  const stream = () => panel().getByLabel('Draft text', { exact: true });
  const button = (name: string) => panel().getByRole('button', { name, exact: true });
  const rows = () => app.page.getByRole('region', { name: 'Drafts of this paper' }).getByRole('listitem');
  const editor = (title: string) => app.page.getByRole('textbox', { name: title, exact: true });
  const statusBar = () => app.page.getByRole('status', { name: 'Engine' });

  async function openPaper(): Promise<void> {
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    const row = app.page.getByRole('row', { name: TITLE });
    await expect.poll(() => row.isVisible()).toBe(true);
    await row.focus();
    await row.press('Enter');
    await expect.poll(() => app.page.getByRole('heading', { level: 1, name: TITLE }).isVisible()).toBe(true);
  }

  async function addModel(file: string, architecture: string): Promise<Locator> {
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await app.page.getByLabel('Model file (GGUF) path').fill(file);
    await app.page.getByRole('button', { name: 'Add model', exact: true }).click();
    const card = app.page.getByRole('article').filter({ hasText: file.split('/').pop()! });
    await expect.poll(() => card.isVisible()).toBe(true);
    await expect.poll(() => card.getByRole('definition').nth(1).textContent()).toBe(architecture);
    // The hash is computed in the background and arrives by event.
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toContain(sha(file));
    return card;
  }

  const drafting = () => panel().getByText(/^Drafting… \d+ tokens$/);

  /** Waits until the streamed text has grown past `than` characters while still drafting. */
  async function growsWhileRunning(than: number): Promise<number> {
    await expect.poll(() => drafting().isVisible(), { timeout: 60_000, interval: 50 }).toBe(true);
    let seen = than;
    await expect
      .poll(
        async () => {
          const running = await drafting().isVisible();
          seen = running ? ((await stream().textContent()) ?? '').length : -1;
          return seen > than || seen === -1;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    expect(seen, 'the draft ended before it could be watched streaming').toBeGreaterThan(than);
    return seen;
  }

  /** A contract call straight to the host, as the page makes it. */
  async function call(method: string, input: unknown): Promise<unknown> {
    const token = new URL(app.host.url).searchParams.get('token')!;
    const res = await fetch(`${app.host.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-prs-token': token },
      body: JSON.stringify(input),
    });
    const r = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    return r.ok ? r.value : Promise.reject(new Error(`${method}: ${r.error?.message}`));
  }

  const finished = () =>
    expect.poll(() => button('Draft review').isEnabled(), { timeout: 120_000 }).toBe(true);

  /** The worker process the host forked for the engine (not any other test's). */
  function workerPid(): number {
    const out = execFileSync('pgrep', ['-P', String(app.host.child.pid), '-f', 'worker-entry'], {
      encoding: 'utf8',
    }).trim();
    const pids = out.split('\n').filter(Boolean).map(Number);
    expect(pids).toHaveLength(1);
    return pids[0]!;
  }

  it('imports the paper and adds the tiny Mistral model by path', async () => {
    await app.page.getByLabel('PDF files').setInputFiles([PDF]);
    await expect
      .poll(() => app.page.getByText('Imported 1, duplicates 0, failed 0.').isVisible(), { timeout: 120_000 })
      .toBe(true);
    const card = await addModel(models.mistral, 'llama');
    expect(await card.textContent()).toContain('tiny-mistral');
    const system = app.page.getByRole('region', { name: 'System' });
    await expect.poll(() => system.textContent(), { timeout: 60_000 }).toContain('Backend');
    expect(await system.textContent()).toContain('cpu');
  });

  it('shows what will be trimmed before drafting, streams, stops and keeps the partial draft', async () => {
    await openPaper();
    await app.page.getByLabel('Annotator name').fill('Ada');
    await app.page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => panel().getByRole('combobox', { name: 'Model' }).inputValue()).not.toBe('');
    expect(
      await panel().getByRole('combobox', { name: 'Model' }).locator('option:checked').textContent(),
    ).toBe('tiny-mistral');

    // The fit plan, before anything is generated: references dropped, the body cut.
    const plan = panel().getByRole('note');
    await expect.poll(() => plan.textContent(), { timeout: 60_000 }).toContain('To fit, this would be cut:');
    const planText = (await plan.textContent()) ?? '';
    expect(planText).toMatch(/Prompt \d+ of 4096 tokens \(output 2048\)\./);
    expect(planText).toMatch(/REFERENCES \(references\): dropped, \d+ characters, \d+ tokens/);
    expect(planText).toMatch(/1 INTRODUCTION \(body\): trimmed/);
    expect(await rows().count()).toBe(0);
    expect(await editor('Significance and novelty').textContent()).toBe('Write this section…'); // the empty editor's placeholder

    await button('Draft review').click();
    await expect.poll(() => statusBar().textContent()).toContain('drafting…');
    expect(await statusBar().textContent()).toContain('CPU');
    const first = await growsWhileRunning(0);
    await growsWhileRunning(first);
    await button('Stop').click();
    await finished();

    // Kept, marked stopped, and the empty review starts from it.
    const kept = (await stream().textContent()) ?? '';
    expect(kept.length).toBeGreaterThan(first);
    await expect.poll(() => rows().count()).toBe(1);
    await expect
      .poll(() => rows().first().textContent())
      .toMatch(/tiny-mistral · stopped · \d+ tokens · ttft \d+ ms · [\d.]+ tok\/s/);
    await expect.poll(() => rows().first().textContent()).toContain('the review is based on this draft');
    await expect.poll(() => editor('Significance and novelty').textContent().then(plain)).toBe(plain(kept));
    await expect.poll(() => statusBar().textContent()).toContain('ready');
  });

  it('regenerates with another seed, keeps both drafts with their provenance, and uses the new one', async () => {
    await button('Regenerate').click();
    await growsWhileRunning(0);
    await finished();
    await expect.poll(() => rows().count()).toBe(2);
    const newest = rows().first();
    await expect
      .poll(() => newest.textContent())
      .toMatch(/tiny-mistral · length limit · 2048 tokens · ttft \d+ ms · [\d.]+ tok\/s/);
    expect(await rows().nth(1).textContent()).toMatch(/tiny-mistral · stopped/);
    const regenerated = (await stream().textContent()) ?? '';

    const provenance = async (row: Locator) => {
      await row.getByText('Provenance').click();
      const dl = row.locator('dl.provenance');
      await expect.poll(() => dl.isVisible()).toBe(true);
      const entries: Record<string, string> = {};
      for (const div of await dl.locator('div').all()) {
        entries[(await div.locator('dt').textContent())!] = (await div.locator('dd').textContent())!;
      }
      return entries;
    };
    const a = await provenance(rows().nth(1));
    const b = await provenance(newest);
    for (const p of [a, b]) {
      expect(p['model sha256']).toBe(sha(models.mistral));
      expect(p['prompt']).toBe('default@1');
      expect(p['template']).toBe('four-part@1');
      expect(p['prompt hash']).toMatch(/^[0-9a-f]{64}$/);
      expect(p['context / gpu layers / backend / threads']).toBe('4096 / 0 / cpu / 1');
      expect(p['trimmed']).toContain('REFERENCES dropped');
      expect(p['tokens in / out']).toMatch(/^\d+ \/ \d+$/);
    }
    expect(a['end reason']).toBe('stopped');
    expect(b['end reason']).toBe('length limit');
    expect(b['tokens in / out']).toMatch(/ \/ 2048$/);
    expect(a['seed']).not.toBe(b['seed']);

    // The review was written from the first draft; "Use this draft" switches it to the second.
    await newest.getByRole('button', { name: 'Use this draft' }).click();
    await expect.poll(() => rows().first().textContent()).toContain('the review is based on this draft');
    // A 2048-token draft is longer than the editor's viewport: what is in view is its start.
    const shown = async () => plain(await editor('Significance and novelty').textContent());
    await expect
      .poll(async () => (await shown()).length > 100 && plain(regenerated).startsWith(await shown()))
      .toBe(true);
  });

  it('drafts with the Gemma model too', async () => {
    await addModel(models.gemma, 'gemma');
    await openPaper();
    await panel().getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-gemma' });
    const plan = panel().getByRole('note');
    await expect
      .poll(() => plan.textContent(), { timeout: 60_000 })
      .toContain('REFERENCES (references): dropped');
    await button('Draft review').click();
    await growsWhileRunning(0);
    await finished();
    await expect.poll(() => rows().count()).toBe(3);
    await expect.poll(() => rows().first().textContent()).toMatch(/tiny-gemma · length limit · 2048 tokens/);
    await expect.poll(() => statusBar().textContent()).toContain('ready');
  });

  it('shows an error when the worker is killed mid-draft, and the next draft works', async () => {
    await panel().getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-mistral' });
    await expect.poll(() => panel().getByRole('note').isVisible(), { timeout: 60_000 }).toBe(true);
    await button('Draft review').click();
    await growsWhileRunning(0);
    process.kill(workerPid(), 'SIGKILL');

    await expect.poll(() => panel().getByRole('alert').textContent(), { timeout: 30_000 }).toBe(CRASH);
    await finished();
    await expect.poll(() => statusBar().textContent()).toContain('crashed — restarts on next use');
    await expect.poll(() => rows().count()).toBe(4);
    await expect.poll(() => rows().first().textContent()).toMatch(/tiny-mistral · error/);

    await button('Draft review').click();
    await growsWhileRunning(0);
    expect(await panel().getByRole('alert').count()).toBe(0);
    await button('Stop').click();
    await finished();
    await expect.poll(() => rows().count()).toBe(5);
    await expect.poll(() => rows().first().textContent()).toMatch(/tiny-mistral · stopped · \d+ tokens/);
    await expect.poll(() => statusBar().textContent()).toContain('ready');
    expect(await statusBar().textContent()).not.toContain('killed');
  });

  it('reattaches to a running draft after leaving the paper: text so far, still growing, nothing doubled, Stop works', async () => {
    await button('Draft review').click();
    const before = await growsWhileRunning(0);
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await expect.poll(() => panel().count()).toBe(0);
    await openPaper();
    // The text so far comes back with the panel (getRunningDrafts), then keeps streaming.
    const back = await growsWhileRunning(before);
    await growsWhileRunning(back);
    await button('Stop').click();
    await finished();
    await expect.poll(() => rows().count()).toBe(6);
    await expect.poll(() => rows().first().textContent()).toMatch(/tiny-mistral · stopped · \d+ tokens/);
    // Exactly the stored draft's text: the deltas that raced the reattach were not doubled.
    const [paper] = ((await call('listPapers', {})) as { papers: Array<{ id: string }> }).papers;
    const drafts = (await call('listDrafts', { paperId: paper!.id })) as Array<{ id: string }>;
    const stored = (await call('getDraft', { draftId: drafts[0]!.id })) as {
      text: string;
      endReason: string;
    };
    expect([stored.endReason, await stream().textContent()]).toEqual(['stopped', stored.text]);
  });

  it('cancels a model load from the Draft panel: "cancelled", nothing kept, and the engine still drafts', async () => {
    // The tiny model loads in milliseconds: a host whose worker holds each load 8 s
    // (PRS_ENGINE_TEST_LOAD_DELAY_MS, a test-only hook) gives a load to cancel.
    await app.startHost({ PRS_ENGINE_TEST_LOAD_DELAY_MS: '8000' }); // same library, models, paper
    await app.page.goto(app.host.url);
    await openPaper(); // the panel's fit plan loads the model
    const loading = panel().getByText(/^Loading the model… \d+%/);
    await expect.poll(() => loading.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => statusBar().textContent()).toMatch(/loading model… \d+%Cancel loading/);
    await panel().getByRole('button', { name: 'Cancel loading', exact: true }).click();
    await expect
      .poll(() => panel().getByRole('alert').textContent(), { timeout: 5_000 })
      .toBe('Loading the model was cancelled.');
    await expect.poll(() => statusBar().textContent()).toContain('ready');
    expect(await statusBar().textContent()).not.toMatch(/cancel/i); // no button left, and no engine error shown
    expect(await rows().count()).toBe(6);

    await button('Draft review').click(); // loads again (8 s) and drafts
    await growsWhileRunning(0);
    await button('Stop').click();
    await finished();
    await expect.poll(() => rows().count()).toBe(7);
  });
});
