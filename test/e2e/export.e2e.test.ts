import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { fixturePdf } from '../helpers/corpus';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import { runCliProcess } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp';

const PDF = fixturePdf('iclr2017-gcrn.pdf');

const REVIEW = `## Significance and novelty
Extends graph convolutions to recurrent sequence models.

## Potential reasons for acceptance
Clear formulation; two experiments.

## Potential reasons for rejection
Small-scale evaluation only.

## Suggestions for improvement
Compare against more baselines.
`;

describe.skipIf(!existsSync(PDF))('export page through the web host', () => {
  const data = tempDir('prs-e2e-export-');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  const out = join(data.path, 'my-export');

  beforeAll(async () => {
    // An approved review, written from scratch through the CLI (no draft, no model).
    const imported = runCliProcess(['import', PDF, '--json', '--data-dir', data.path]);
    expect(imported.code).toBe(0);
    const id = (JSON.parse(imported.stdout.trim().split('\n')[0]!) as { id: string }).id;
    const file = join(data.path, 'review.md');
    writeFileSync(file, REVIEW);
    const saved = runCliProcess(['review', id, '--text-file', file, '--status', 'approved', '--annotator', 'Ada', '--data-dir', data.path]);
    expect(saved.code, saved.stderr).toBe(0);

    browser = await launchBrowser();
    host = await startHostProcess(data.path);
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(host.url);
  });
  afterAll(async () => {
    await host?.stop();
    await browser?.close();
    data.remove();
  });

  it('previews, then writes an export folder whose manifest hashes verify', async () => {
    await page.getByRole('link', { name: 'Export' }).click();
    await page.getByLabel('Format').selectOption('messages');
    await page.getByLabel('Output folder').fill(out);
    await page.getByLabel('Validation share').fill('0');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await preview.textContent()).toContain('1 records from 1 papers');
    expect(existsSync(out)).toBe(false); // a preview writes nothing

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Written to ${out}` }).isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Past exports' }).getByRole('cell', { name: out }).isVisible()).toBe(true);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string; sha256: string }>;
    };
    expect(manifest.files.length).toBeGreaterThanOrEqual(2);
    for (const f of manifest.files) {
      expect(createHash('sha256').update(readFileSync(join(out, f.path))).digest('hex'), f.path).toBe(f.sha256);
    }
    const lines = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as { messages: Array<{ role: string; content: string }>; metadata: { annotator: string } };
    expect(record.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(record.messages[2]!.content).toContain('## Potential reasons for rejection');
    expect(record.messages[1]!.content).toContain('GRAPH CONVOLUTIONAL RECURRENT NETWORK');
    expect(record.metadata.annotator).toBe('Ada');
  });

  it('narrows by annotator: another annotator matches nothing', async () => {
    await page.getByLabel('Annotator', { exact: true }).fill('Nobody');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(async () => (await preview.getByRole('row', { name: /Matching reviews/ }).textContent()) ?? '').toMatch(/Matching reviews\s*0$/);
    await page.getByLabel('Annotator', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(async () => (await preview.getByRole('row', { name: /Matching reviews/ }).textContent()) ?? '').toMatch(/Matching reviews\s*1$/);
  });

  it('refuses to overwrite an existing export folder, with a clear message', async () => {
    await page.getByLabel('Output folder').fill(out);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByRole('alert').first().textContent()).toMatch(/exist|empty/i);
  });
});
