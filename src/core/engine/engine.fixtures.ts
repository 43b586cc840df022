/**
 * Test support for the engine's tests (not used by the app): a temp library with papers
 * inserted directly, and the tiny generated models.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../services';
import { insertPaper, savePaperText } from '../store/repos/papers';
import type { PaperSection, TextWarning } from '../../shared/paper';
import { writeEngineSettings } from './settings';
import { makeTestModels, type TestModels } from '../../../test/support/make-test-models';

export { makeTestModels, type TestModels };

export interface TestLibrary {
  dir: string;
  services: Services;
  close(): Promise<void>;
}

/** A fresh library whose engine runs one thread (tiny models are fastest that way on a busy 2-core box). */
export function testLibrary(dir = mkdtempSync(join(tmpdir(), 'prs-engine-'))): TestLibrary {
  const services = createServices({ dataDir: dir, host: 'cli' });
  writeEngineSettings(services.db, { threads: 1, contextSize: 2048, maxTokens: 32 });
  return {
    dir,
    services,
    async close() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const words =
  'the model method results data training evaluation paper baseline experiment shows improves'.split(' ');

/** Deterministic filler prose of about `n` words. */
export function prose(n: number, seed = 1): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[(i * 7 + seed * 3 + ((i * seed) % 5)) % words.length] as string);
  return `${out.join(' ')}.`;
}

export interface TestPaperOptions {
  title?: string;
  sections?: PaperSection[];
  warnings?: TextWarning[];
}

export function section(heading: string, kind: PaperSection['kind'], text: string): PaperSection {
  return { heading, kind, text, pages: [1, 1] };
}

/** Inserts a paper and its extracted text straight into the store; returns its id. */
export function addTestPaper(s: Services, opts: TestPaperOptions = {}): string {
  const title = opts.title ?? 'A Study of Tiny Models';
  const sections = opts.sections ?? [
    section('Abstract', 'abstract', prose(40)),
    section('Introduction', 'body', prose(120, 2)),
    section('Method', 'body', prose(80, 3)),
    section('References', 'references', prose(60, 4)),
  ];
  const id = createHash('sha256')
    .update(title + JSON.stringify(sections) + Math.random())
    .digest('hex');
  insertPaper(s.db, { id, title, abstract: null, fileName: `${title}.pdf` });
  savePaperText(
    s.db,
    id,
    {
      extractorVersion: 'test@1',
      sections,
      captions: ['Figure 1: the model.'],
      warnings: opts.warnings ?? [],
    },
    sections.map((x) => x.text).join('\n'),
  );
  return id;
}
