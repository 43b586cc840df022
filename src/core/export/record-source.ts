import type { Db } from '../store/open';
import { PaperSection, SectionKind } from '../../shared/paper';
import { findTemplate, ReviewTemplate } from '../../shared/templates';
import { z } from 'zod';
import type { ExportRow } from './query';
import type { ExportFormat } from '../../shared/contract/dataset';
import type { TrimEntry } from '../../shared/contract/engine';
import { AppError } from '../../shared/errors';
import type { PromptVersion } from '../engine/prompt';
import { promptForPaper, storedParts, type PromptRecord } from './prompt-source';
import { encodePrompt, promptPieces, type EncodedPrompt } from './records';
import type { OpenTarget } from './target';

/**
 * The prompt of one row (prompt-source.ts says which), and its JSON encoding for the
 * export's format. Paper text is read on a second connection (the first is busy
 * streaming) and the last rendering is reused, since rows come ordered by paper and a
 * paper often has several reviews.
 */
export type RowPrompt =
  { ok: true; prompt: PromptRecord; encode: () => EncodedPrompt } | { ok: false; reason: string };

export class PromptSource {
  private last: { key: string; result: RowPrompt } | null = null;
  private readonly textStmt;
  private readonly templates = new Map<string, ReviewTemplate | undefined>();
  private readonly templateStmt;

  constructor(
    lookup: Db,
    private readonly format: ExportFormat,
    private readonly prompt: PromptVersion,
    private readonly target: OpenTarget | null,
  ) {
    this.textStmt = lookup.prepare(
      'SELECT sections, captions FROM paper_texts WHERE paper_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    );
    this.templateStmt = lookup.prepare('SELECT definition FROM review_templates WHERE id = ?');
  }

  template(id: string): ReviewTemplate | undefined {
    if (!this.templates.has(id)) {
      let t = findTemplate(id);
      if (!t || t.id !== id) {
        const row = this.templateStmt.get(id) as { definition: string } | undefined;
        const parsed = row ? ReviewTemplate.safeParse(JSON.parse(row.definition)) : undefined;
        t = parsed?.success ? parsed.data : undefined;
      }
      this.templates.set(id, t);
    }
    return this.templates.get(id);
  }

  /**
   * The record's head for this format, its JSON pieces UTF-8-encoded one after another into
   * one reused buffer (no joined copy of the paper); valid until the next paper is rendered,
   * which is when this.last — their only holder — is replaced. Grows to the largest paper
   * (3 bytes per UTF-16 unit at most), no more.
   */
  private scratch = Buffer.alloc(0);
  private encodeShared(p: PromptRecord): EncodedPrompt {
    const { head, tail } = promptPieces(this.format, p);
    const need = 3 * head.reduce((a, x) => a + x.length, 0);
    if (this.scratch.length < need) this.scratch = Buffer.allocUnsafe(need);
    let n = 0;
    for (const piece of head) n += this.scratch.write(piece, n, 'utf8');
    return { head: this.scratch.subarray(0, n), tail };
  }

  /** A draft's own prompt is used unless the export names another model to render for. */
  private usesDraft(row: ExportRow): boolean {
    return !this.target?.info.explicit || row.model_id === this.target.info.modelId;
  }

  /** `encode` JSON-encodes on first call only: records the checks leave out never pay for it. */
  async forRow(row: ExportRow): Promise<RowPrompt> {
    if (row.draft_id && this.usesDraft(row)) {
      const stored = storedParts(row.provenance);
      if (stored) {
        const prompt: PromptRecord = {
          ...stored,
          trimmed: parseTrimmed(row.draft_trimmed),
          sha256: row.prompt_hash ?? '',
          tokens: row.tokens_in ?? -1,
          modelId: row.model_id ?? '',
          source: 'draft',
        };
        // One record uses it: encoded once, straight into the file.
        return { ok: true, prompt, encode: once(() => encodePrompt(this.format, prompt)) };
      }
    }
    const key = `${row.paper_id}\u0000${row.template_id}`;
    if (this.last?.key === key) return this.last.result;
    const text = this.textStmt.get(row.paper_id) as { sections: string; captions: string } | undefined;
    const sections = text ? parseSections(JSON.parse(text.sections)) : [];
    const captions = text ? parseCaptions(JSON.parse(text.captions)) : [];
    let result: RowPrompt;
    try {
      const prompt = await promptForPaper(this.target, this.prompt, this.template(row.template_id), {
        title: row.title ?? '',
        abstract: row.abstract,
        sections,
        captions,
      });
      // Shared by the paper's reviews: UTF-8 bytes once, copied into each record.
      result = { ok: true, prompt, encode: once(() => this.encodeShared(prompt)) };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      result = { ok: false, reason: `${e.code}: ${e.message}` };
    }
    this.last = { key, result };
    return result;
  }
}

const KINDS = new Set<string>(SectionKind.options);
const SECTIONS = z.array(PaperSection).catch([]);
const CAPTIONS = z.array(z.string()).catch([]);

/**
 * What SECTIONS.parse gives, without zod's cost on a paper's worth of text: a well-formed
 * list is checked and copied by hand (the same four keys, in the schema's order, as zod
 * would output); anything else goes to zod itself, so odd data gets zod's exact answer.
 */
export function parseSections(v: unknown): PaperSection[] {
  if (!Array.isArray(v)) return SECTIONS.parse(v);
  const out: PaperSection[] = [];
  for (const s of v as unknown[]) {
    const o = s as Partial<Record<keyof PaperSection, unknown>> | null;
    const pages = o?.pages;
    if (
      typeof o !== 'object' ||
      o === null ||
      Array.isArray(o) ||
      typeof o.heading !== 'string' ||
      typeof o.kind !== 'string' ||
      !KINDS.has(o.kind) ||
      typeof o.text !== 'string' ||
      !Array.isArray(pages) ||
      pages.length !== 2 ||
      !Number.isSafeInteger(pages[0]) ||
      !Number.isSafeInteger(pages[1])
    )
      return SECTIONS.parse(v);
    out.push({
      heading: o.heading,
      kind: o.kind as SectionKind,
      text: o.text,
      pages: [pages[0] as number, pages[1] as number],
    });
  }
  return out;
}

export function parseCaptions(v: unknown): string[] {
  return Array.isArray(v) && v.every((c) => typeof c === 'string') ? [...(v as string[])] : CAPTIONS.parse(v);
}

function parseTrimmed(raw: string | null): TrimEntry[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as TrimEntry[]) : [];
  } catch {
    return [];
  }
}

function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}
