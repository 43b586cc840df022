import { AppError } from '../../shared/errors';
import { paperText } from '../../core/api/library';
import { findPaperIdsByPrefix } from '../../core/store/repos/papers';
import type { Services } from '../../core/services';
import { UsageError, type Verb } from '../verb';

/** Accepts a full id or an unambiguous prefix of one (like git), so ids can be typed. */
export function resolvePaperId(s: Services, given: string): string {
  const ids = findPaperIdsByPrefix(s.db, given.trim());
  if (ids.length === 0) throw new AppError('not_found', `No paper with id ${given}.`);
  if (ids.length > 1)
    throw new AppError('invalid_input', `Paper id ${given} is ambiguous; give more characters.`);
  return ids[0] as string;
}

export const textVerb: Verb = {
  name: 'text',
  summary: 'Print the extracted text of a paper (the sections the model reads).',
  args: '<paper-id>',
  options: { json: { type: 'boolean', description: 'one JSON object: id, sections, captions, warnings' } },
  run(ctx) {
    const given = ctx.positionals[0];
    if (!given || ctx.positionals.length > 1)
      throw new UsageError('text needs exactly one paper id (see "papers").');
    const s = ctx.services();
    const view = paperText(s, resolvePaperId(s, given));
    if (ctx.values.json) {
      ctx.out(
        JSON.stringify({
          id: view.id,
          sections: view.sections.map((x) => ({
            heading: x.heading,
            kind: x.kind,
            text: x.text,
            pages: x.pages,
          })),
          captions: view.captions,
          warnings: view.warnings,
        }),
      );
      return 0;
    }
    for (const w of view.warnings) ctx.out(`! ${w.message} (${w.code})`);
    if (view.warnings.length) ctx.out('');
    for (const section of view.sections) {
      const [first, last] = section.pages;
      const span = first === last ? `p. ${first}` : `pp. ${first}-${last}`;
      ctx.out(`## ${section.heading || '(untitled)'}  [${section.kind}, ${span}]`);
      ctx.out('');
      ctx.out(section.text);
      ctx.out('');
    }
    if (view.captions.length) {
      ctx.out('## Captions');
      ctx.out('');
      for (const c of view.captions) ctx.out(c);
    }
    return 0;
  },
};
