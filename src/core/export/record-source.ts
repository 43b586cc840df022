import type { Db } from '../store/open';
import { PaperSection } from '../../shared/paper';
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
          encode: once(() => encodeTurns(stored.system, stored.user)),
          fromDraft: true,
        };
      }
    }
    const key = `${row.paper_id}\u0000${row.template_id}`;
    if (this.last?.key === key) return { turns: this.last.turns, encode: this.last.encode, fromDraft: false };
    const text = this.textStmt.get(row.paper_id) as { sections: string; captions: string } | undefined;
    const sections = text ? z.array(PaperSection).catch([]).parse(JSON.parse(text.sections)) : [];
    const captions = text ? z.array(z.string()).catch([]).parse(JSON.parse(text.captions)) : [];
    const turns = await renderTurns(this.defaults, this.template(row.template_id), {
      title: row.title ?? '',
      abstract: row.abstract,
      sections,
      captions,
    });
    const encode = once(() => encodeTurns(turns.system, turns.user));
    this.last = { key, turns, encode };
    return { turns, encode, fromDraft: false };
  }
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
