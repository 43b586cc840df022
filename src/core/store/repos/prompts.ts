import type { Db } from '../open';
import { AppError } from '../../../shared/errors';
import { ReviewTemplate } from '../../../shared/templates';
import { PaperPart } from '../../engine/protocol';
import { BUILT_IN_PROMPTS, type PromptVersion } from '../../engine/prompt';
import { z } from 'zod';
import { ensureBuiltInTemplates } from './reviews';

/** Prompts and review templates are immutable rows: seeded with INSERT OR IGNORE, never updated. */
export function seedBuiltIns(db: Db): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO prompts (id, name, version, system_text, paper_parts, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const p of BUILT_IN_PROMPTS) {
      insert.run(p.id, p.name, p.version, p.systemText, JSON.stringify(p.parts), new Date().toISOString());
    }
    ensureBuiltInTemplates(db);
  })();
}

interface PromptRow {
  id: string;
  name: string;
  version: number;
  system_text: string;
  paper_parts: string;
}

function fromRow(r: PromptRow): PromptVersion {
  const parts = z.array(PaperPart).safeParse(JSON.parse(r.paper_parts));
  if (!parts.success) throw new AppError('internal', `Prompt ${r.id} has malformed paper parts.`);
  return { id: r.id, name: r.name, version: r.version, systemText: r.system_text, parts: parts.data };
}

export function getPrompt(db: Db, id: string): PromptVersion {
  const r = db.prepare('SELECT * FROM prompts WHERE id = ?').get(id) as PromptRow | undefined;
  if (!r) throw new AppError('not_found', `No prompt "${id}".`);
  return fromRow(r);
}

export function listPrompts(db: Db): PromptVersion[] {
  return (db.prepare('SELECT * FROM prompts ORDER BY name, version').all() as PromptRow[]).map(fromRow);
}

export function getTemplate(db: Db, id: string): ReviewTemplate {
  const r = db
    .prepare(
      'SELECT definition FROM review_templates WHERE id = ? OR (name = ? AND version = (SELECT MAX(version) FROM review_templates WHERE name = ?))',
    )
    .get(id, id, id) as { definition: string } | undefined;
  if (!r) throw new AppError('not_found', `No review template "${id}".`);
  return ReviewTemplate.parse(JSON.parse(r.definition));
}
