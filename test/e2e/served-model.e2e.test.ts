import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import {
  SKIP_LLAMA_SERVER,
  freePort,
  requireLlamaServerBinary,
  startLlamaServer,
  type RunningServer,
} from '../support/llama-server';
import { makeTestModels } from '../support/make-test-models';
import { createServices } from '../../src/core/services';
import { writeEngineSettings } from '../../src/core/engine/settings';
import { ManifestTargetModel } from '../../src/core/export/target-types';

/**
 * Drafting through a real llama.cpp llama-server (issue 20), as an annotator does it in the
 * browser: registering the server on the Models page (bad URL, bad key, then the right one,
 * whose key never comes back to the page nor into library.db), batch pre-drafting the library
 * with it, the server killed mid-batch (the batch pauses, says why, and resumes once the
 * server is back), and one paper drafted in the review page, streaming.
 */
const ALIAS = 'tiny-mistral';
const KEY = 'e2e-sekrit-7f3a91';
const SLOTS = 2;
const PAPERS = [
  'Graph Kernels Revisited',
  'Sparse Attention at Scale',
  'Learning to Rank Reviews',
  'On Tiny Models',
];

/** A one-page paper with a text layer: a title, an abstract and a body the extractor finds. */
async function textPdf(file: string, title: string): Promise<string> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  const lines = [
    title,
    'Abstract',
    `We study ${title.toLowerCase()} and report results on three benchmarks.`,
    '1 Introduction',
    'The method improves the baseline by a clear margin in every experiment we ran.',
  ];
  lines.forEach((text, i) => page.drawText(text, { x: 50, y: 740 - 24 * i, size: i === 0 ? 16 : 11, font }));
  writeFileSync(file, await doc.save());
  return file;
}

/** How many of the server's slots are decoding now (llama-server's /slots). */
async function busySlots(server: RunningServer): Promise<number> {
  const res = await fetch(`${server.url}/slots`, { headers: { authorization: `Bearer ${KEY}` } });
  const slots = (await res.json()) as Array<{ is_processing: boolean }>;
  return slots.filter((s) => s.is_processing).length;
}

function setEngine(data: string, maxTokens: number): Promise<void> {
  const s = createServices({ dataDir: data, host: 'cli' });
  writeEngineSettings(s.db, { threads: 1, contextSize: 2048, maxTokens });
  return s.close();
}

describe.skipIf(SKIP_LLAMA_SERVER)('drafting through a llama-server from the browser', () => {
  let server: RunningServer;
  let port: number;
  const models = makeTestModels();
  const startServer = () =>
    startLlamaServer(requireLlamaServerBinary(), {
      model: models.mistral,
      alias: ALIAS,
      port,
      parallel: SLOTS,
      context: 2048 * SLOTS,
      apiKey: KEY,
      threads: 1,
    });

  const app = useWebApp({
    prefix: 'prs-e2e-served-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const files = await Promise.all(PAPERS.map((t, i) => textPdf(join(dir, `paper-${i}.pdf`), t)));
      const imported = runCliProcess(['import', ...files, '--data-dir', data]);
      expect(imported.code, imported.stderr).toBe(0);
      await setEngine(data, 64);
      port = await freePort();
      server = await startServer();
    },
    page: { setup: (page) => page.on('dialog', (d) => void d.accept()) },
  });
  afterAll(() => server?.stop());

  const go = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  it('registers the server on the Models page: a wrong URL or key is one line, and the key never comes back', async () => {
    const { page, data } = app;
    await go(page, 'Models');
    const form = page.getByRole('form', { name: 'Add a model on a server' });
    const submit = form.getByRole('button', { name: 'Add server' });
    const alert = form.getByRole('alert');

    // Nothing listens there: the server is not reachable.
    const deadPort = await freePort();
    await form.getByLabel('Server URL (OpenAI-compatible)').fill(`http://127.0.0.1:${deadPort}`);
    await form.getByLabel('Model name on the server').fill(ALIAS);
    await submit.click();
    await expect
      .poll(() => alert.textContent(), { timeout: 30_000 })
      .toMatch(/is not reachable \(ECONNREFUSED\)\.$/);
    expect(await alert.textContent()).toBe(
      `The server at http://127.0.0.1:${deadPort} is not reachable (ECONNREFUSED).`,
    );

    // The right server, the wrong key: refused, in one line.
    await form.getByLabel('Server URL (OpenAI-compatible)').fill(server.url);
    await form.getByLabel('API key (optional)').fill('not-the-key');
    await submit.click();
    await expect
      .poll(() => alert.textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`^The server at ${server.url} refused the API key \\(401: [^\\n]+\\)\\.$`));
    expect(await page.getByRole('article').count()).toBe(0);

    await form.getByLabel('API key (optional)').fill(KEY);
    await submit.click();
    const card = page.getByRole('article', { name: ALIAS });
    await expect.poll(() => card.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await card.textContent()).toContain(`served at ${server.url}`);
    expect(await alert.count()).toBe(0);

    // Saved: the form is empty, and the key is nowhere in the page, even after a reload.
    expect(await form.getByLabel('API key (optional)').inputValue()).toBe('');
    expect(await page.content()).not.toContain(KEY);
    await page.reload();
    await expect
      .poll(() => page.getByRole('article', { name: ALIAS }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.content()).not.toContain(KEY);

    // Kept in the 0600 key file, never in the library database (nor its write-ahead log).
    const keyFile = join(data, 'secrets', 'server-keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toContain(KEY);
    for (const f of ['library.db', 'library.db-wal'].map((n) => join(data, n)).filter(existsSync))
      expect(readFileSync(f).includes(KEY), f).toBe(false);
  });

  it('pre-drafts the library through the server, with as many at once as it has slots', async () => {
    const { page } = app;
    await go(page, 'Library');
    await expect
      .poll(() => page.getByText(`${PAPERS.length} papers`).isVisible(), { timeout: 30_000 })
      .toBe(true);
    const panel = page.getByRole('region', { name: 'Pre-draft' });
    const model = panel.getByLabel('Pre-draft the papers in this view with');
    await expect.poll(() => model.locator('option:checked').textContent()).toBe(ALIAS);
    await panel.getByRole('button', { name: 'Pre-draft these papers' }).click();

    // Watched as it goes: the counts climb to every paper drafted.
    const status = panel.getByRole('status');
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const text = (await status.textContent()) ?? '';
          const m = /(\d+) of \d+ drafted/.exec(text);
          if (m) seen.add(Number(m[1]));
          return text;
        },
        { timeout: 180_000, interval: 50 },
      )
      .toContain(`${PAPERS.length} of ${PAPERS.length} drafted, 0 failed`);
    expect(Math.min(...seen)).toBeLessThan(PAPERS.length);
    expect(await status.textContent()).toContain(`${PAPERS.length} of ${PAPERS.length} drafted, 0 failed`);
    const text = (await status.textContent()) ?? '';
    expect(text).toContain(`(${SLOTS} at once)`);
    expect(text).toContain(`Why: The server at ${server.url} runs ${SLOTS} requests at once.`);
    expect(
      await panel.getByRole('progressbar', { name: 'Pre-drafting progress' }).getAttribute('value'),
    ).toBe(String(PAPERS.length));
    await expect
      .poll(() => panel.getByRole('button', { name: 'Pre-draft these papers' }).isVisible())
      .toBe(true);
    expect(await panel.getByRole('list', { name: 'Papers that failed' }).count()).toBe(0);
  });

  it('pauses the batch when the server is killed mid-batch, says why, and resumes once it is back', async () => {
    const { page, data } = app;
    // Long drafts, so the server dies while they stream.
    await setEngine(data, 1500);
    const panel = page.getByRole('region', { name: 'Pre-draft' });
    await panel.getByRole('button', { name: 'Pre-draft these papers' }).click();
    const cancel = panel.getByRole('button', { name: 'Cancel pre-drafting' });
    await expect.poll(() => cancel.isVisible(), { timeout: 30_000 }).toBe(true);
    // Both slots streaming, two papers queued behind them: the server dies.
    await expect.poll(() => busySlots(server), { timeout: 60_000, interval: 100 }).toBe(SLOTS);
    await server.kill();

    const alert = panel.getByRole('alert');
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toMatch(
        new RegExp(
          `^Paused: The server at ${server.url} (closed the stream mid-draft|ended the stream|is not reachable)[^\\n]* ${PAPERS.length} papers wait in the queue; resume once the server is back\\.$`,
        ),
      );
    // Nothing failed: the papers wait, and the batch can still be cancelled or resumed.
    expect(await panel.getByRole('status').textContent()).toContain(
      `0 of ${PAPERS.length} drafted, 0 failed`,
    );
    expect(await cancel.isVisible()).toBe(true);

    await setEngine(data, 24);
    server = await startServer();
    await panel.getByRole('button', { name: 'Resume pre-drafting' }).click();
    try {
      await expect
        .poll(() => panel.getByRole('status').textContent(), { timeout: 120_000 })
        .toContain(`${PAPERS.length} of ${PAPERS.length} drafted, 0 failed`);
    } catch (e) {
      // Which job did not finish, and why: the counts alone hid a stale-socket error once.
      const s = createServices({ dataDir: data, host: 'cli' });
      const jobs = s.db.prepare('SELECT status, error FROM draft_jobs ORDER BY created_at, rowid').all();
      await s.close();
      throw new Error(`${(e as Error).message}\njobs: ${JSON.stringify(jobs)}`);
    }
    expect(await alert.count()).toBe(0);
  });

  it('drafts one paper in the review page with the served model, streaming', async () => {
    const { page } = app;
    await setEngine(app.data, 800);
    await go(page, 'Library');
    const row = page.getByRole('row', { name: new RegExp(PAPERS[3]!) });
    await expect.poll(() => row.isVisible(), { timeout: 30_000 }).toBe(true);
    await row.focus();
    await row.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: PAPERS[3] }).isVisible()).toBe(true);
    const who = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect.poll(() => who.isVisible()).toBe(true);
    await who.getByLabel('Annotator name').fill('Ada');
    await who.getByRole('button', { name: 'Continue' }).click();

    const draft = page.getByRole('region', { name: 'Draft', exact: true });
    const drafts = page.getByRole('region', { name: 'Drafts of this paper' }).getByRole('listitem');
    // The batches drafted this paper already: those drafts listed first, then one more.
    await expect.poll(() => drafts.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const before = await drafts.count();
    await expect
      .poll(() => draft.getByRole('combobox', { name: 'Model' }).locator('option:checked').textContent())
      .toBe(ALIAS);
    await draft.getByRole('button', { name: 'Draft review', exact: true }).click();
    const stream = draft.getByLabel('Draft text', { exact: true });
    const drafting = draft.getByText(/^Drafting… \d+ tokens$/);
    // Seen growing while it still drafts: tokens arrive as the server streams them.
    const lengths: number[] = [];
    await expect
      .poll(
        async () => {
          if (await drafting.isVisible()) lengths.push(((await stream.textContent()) ?? '').length);
          return new Set(lengths.filter((n) => n > 0)).size;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => draft.getByRole('button', { name: 'Draft review', exact: true }).isEnabled(), {
        timeout: 120_000,
      })
      .toBe(true);
    await expect.poll(() => drafts.count()).toBe(before + 1);
    const finished = new RegExp(
      `${ALIAS} · (done|length limit) · \\d+ tokens · ttft \\d+ ms · [\\d.]+ tok/s`,
    );
    // The newest first: this one.
    expect(await drafts.first().textContent()).toMatch(finished);
  });

  it("exports for the served model from the export page: prompts fitted with the server's template and tokenizer", async () => {
    const { page, dir, data } = app;
    // A paper no batch drafted, approved: its prompt is rendered for the target, not taken from a draft.
    const pdf = await textPdf(join(dir, 'fifth.pdf'), 'A Fifth Paper');
    const imported = runCliProcess(['import', pdf, '--json', '--data-dir', data]);
    expect(imported.code, imported.stderr).toBe(0);
    const paperId = (JSON.parse(imported.stdout.trim().split('\n')[0]!) as { id: string }).id;
    const md = join(dir, 'approved.md');
    writeFileSync(md, '## Significance and novelty\nA corrected review of the fifth paper.\n');
    const approved = runCliProcess([
      'review',
      paperId,
      '--text-file',
      md,
      '--status',
      'approved',
      '--annotator',
      'Ada',
      '--data-dir',
      data,
    ]);
    expect(approved.code, approved.stderr).toBe(0);

    await go(page, 'Export');
    const out = join(dir, 'for-served');
    await page.getByLabel('Format', { exact: true }).selectOption('messages');
    await page.getByLabel('Output folder').fill(out);
    await page.getByLabel('Validation share').fill('0');
    await page.getByLabel('Fit prompts for model').selectOption({ label: ALIAS });
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: `Written to ${out}` }).isVisible(), { timeout: 120_000 })
      .toBe(true);
    const record = JSON.parse(readFileSync(join(out, 'train.jsonl'), 'utf8').trim()) as {
      messages: Array<{ role: string; content: string }>;
      metadata: { prompt_sha256: string; prompt_source: string; prompt_tokens: number; paper_id: string };
    };
    expect(record.metadata).toMatchObject({ paper_id: paperId, prompt_source: 'rendered' });
    // Mistral's template as the server's /props gives it, byte for byte, counted by its /tokenize.
    const prompt = `<s>[INST] ${record.messages[0]!.content} [/INST]`;
    expect(record.metadata.prompt_sha256).toBe(createHash('sha256').update(prompt).digest('hex'));
    expect(record.metadata.prompt_tokens).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      target_model: unknown;
      tokenCounting: string;
    };
    const target = ManifestTargetModel.parse(manifest.target_model);
    expect(target.path).toBe(`server:${ALIAS}`);
    // No --gguf: the file's hash is unknown, and the manifest says why instead of leaving it empty.
    expect(target.sha256).toBeNull();
    expect(target.sha256Unknown).toMatch(/does not tell the sha256 of the file it serves/);
    expect(manifest.tokenCounting).toContain(`the server's own tokenizer (/tokenize of ${server.url}`);
    // The server wants its key (read by the host's key store for the export); no exported file holds it.
    for (const name of readdirSync(out)) expect(readFileSync(join(out, name), 'utf8')).not.toContain(KEY);

    // The server gone: the export is refused in one line, and no folder is left behind.
    await server.stop();
    const refused = join(dir, 'for-served-down');
    await page.getByLabel('Output folder').fill(refused);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const alert = page.getByRole('alert').first();
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toContain(`--for-model server:${ALIAS}:`);
    expect(await alert.textContent()).toMatch(
      new RegExp(
        `--for-model server:${ALIAS}: The server at ${server.url} is not reachable \\(ECONNREFUSED\\)\\.$`,
      ),
    );
    expect(existsSync(refused)).toBe(false);
  });
});
