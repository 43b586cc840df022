import { createHash, randomUUID } from 'node:crypto';
import type { Services } from '../services';
import { insertPaper } from '../store/repos/papers';
import { ensureTemplateStored } from '../store/repos/reviews';
import { findTemplate } from '../../shared/templates';
import { renderReview } from '../../shared/review-markdown';

/** Test helpers: papers and drafts written straight to SQL (the engine is not needed). */
export function seedPaper(s: Services, title: string, addedAt?: string): string {
  const id = createHash('sha256').update(title).digest('hex');
  insertPaper(s.db, { id, title, ...(addedAt ? { addedAt } : {}) });
  return id;
}

export function seedDraft(
  s: Services,
  paperId: string,
  opts: { text?: string; sections?: Record<string, string>; templateId?: string; createdAt?: string } = {},
): string {
  const id = randomUUID();
  const templateId = opts.templateId ?? 'four-part@1';
  ensureTemplateStored(s.db, templateId);
  s.db
    .prepare(
      `INSERT INTO drafts (id, paper_id, template_id, text, sections, end_reason, created_at)
       VALUES (?, ?, ?, ?, ?, 'done', ?)`,
    )
    .run(
      id,
      paperId,
      templateId,
      opts.text ?? renderReview(opts.sections ?? {}, {}, findTemplate(templateId)!),
      JSON.stringify(opts.sections ?? {}),
      opts.createdAt ?? new Date().toISOString(),
    );
  return id;
}

export const DRAFT_SECTIONS = {
  significance: 'The paper proposes a new method.',
  accept: 'Clear writing.',
  reject: 'No baselines.',
  suggestions: 'Add baselines.',
};
