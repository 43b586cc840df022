import type { Db } from '../store/open';
import { PaperSection, SectionKind } from '../../shared/paper';
import { findTemplate, ReviewTemplate } from '../../shared/templates';
import { z } from 'zod';
import type { ExportRow } from './query';
import { renderTurns, turnsFromDraft, type PromptDefaults, type RenderedTurns } from './prompt-source';
import { encodeTurns, type EncodedTurns } from './records';

/**
 * Turns for one row: the draft's stored prompt, else a rendering from the paper's stored
 * text. Paper text is read on a second connection (the first is busy streaming) and the
 * last rendering is reused, since rows come ordered by paper and a paper often has several
 * reviews.
 */
export class TurnSource {
  private last: { key: string; turns: RenderedTurns; encode: () => EncodedTurns } | null = null;
  private readonly textStmt;
  private readonly templates = new Map<string, ReviewTemplate | undefined>();
  private readonly templateStmt;

  constructor(
    lookup: Db,
    private readonly defaults: PromptDefaults,
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
   * The turns as JSON, UTF-8-encoded into one reused buffer (a single pass: Buffer.from
   * measures, allocates, then encodes); valid until the next paper is rendered, which is
   * when this.last — their only holder — is replaced. Grows to the largest paper, no more.
   */
  private scratch = Buffer.alloc(0);
  private encodeShared(system: string, user: string): EncodedTurns {
    const s = JSON.stringify(system);
    const u = JSON.stringify(user);
    const need = 3 * (s.length + u.length);
    if (this.scratch.length < need) this.scratch = Buffer.allocUnsafe(need);
    const n = this.scratch.write(s, 0, 'utf8');
    const m = this.scratch.write(u, n, 'utf8');
    return { system: this.scratch.subarray(0, n), user: this.scratch.subarray(n, n + m) };
  }

  /** `fromDraft` false: rendered now (no draft, or a draft without a stored prompt). */
  /** `encode` JSON-encodes the turns on first call only: records the checks leave out never pay for it. */
  async turns(
    row: ExportRow,
  ): Promise<{ turns: RenderedTurns; encode: () => EncodedTurns; fromDraft: boolean }> {
    if (row.draft_id) {
      const stored = turnsFromDraft(row.provenance);
      if (stored) {
        return {
          turns: { ...stored, trimmed: parseTrimmed(row.draft_trimmed) },
          // One record uses it: JSON strings, UTF-8-encoded once, straight into the file.
          encode: once(() => encodeTurns(stored.system, stored.user)),
          fromDraft: true,
        };
      }
    }
    const key = `${row.paper_id}\u0000${row.template_id}`;
    if (this.last?.key === key) return { turns: this.last.turns, encode: this.last.encode, fromDraft: false };
    const text = this.textStmt.get(row.paper_id) as { sections: string; captions: string } | undefined;
    const sections = text ? parseSections(JSON.parse(text.sections)) : [];
    const captions = text ? parseCaptions(JSON.parse(text.captions)) : [];
    const turns = await renderTurns(this.defaults, this.template(row.template_id), {
      title: row.title ?? '',
      abstract: row.abstract,
      sections,
      captions,
    });
    // Shared by the paper's reviews: UTF-8 bytes once, copied into each record.
    const encode = once(() => this.encodeShared(turns.system, turns.user));
    this.last = { key, turns, encode };
    return { turns, encode, fromDraft: false };
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

function parseTrimmed(raw: string | null): RenderedTurns['trimmed'] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as RenderedTurns['trimmed']) : [];
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
