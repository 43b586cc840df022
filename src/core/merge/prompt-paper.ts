import type { PaperSection, PaperText } from '../../shared/paper';
import { TRIM_MARK } from '../engine/serialize';

/**
 * A paper that exists only in another annotator's export is rebuilt from the record's
 * user turn — the engine's serialization: "[TITLE]", "[ABSTRACT]", "[CAPTIONS]" and
 * "[CONTENT]" parts, content sections as "## <heading>" blocks. It may have been fitted
 * (references or appendices dropped, sections cut and marked "[…]"); that is what the other
 * side's model read, and a warning on the text says so.
 */
export interface PromptPaperText {
  title: string;
  abstract: string | null;
  text: PaperText;
  fullText: string;
}

const PART = /^\[(TITLE|ABSTRACT|CAPTIONS|CONTENT)\]$/;

export function paperFromUserTurn(user: string): PromptPaperText {
  const parts: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of user.split('\n')) {
    const m = PART.exec(line.trim());
    if (m) parts[m[1]!] = current = [];
    else current?.push(line);
  }
  const get = (k: string) => (parts[k] ?? []).join('\n').trim();
  const title = get('TITLE') || 'Untitled (merged)';
  const abstract = get('ABSTRACT') || null;
  const sections: PaperSection[] = [];
  if (abstract) sections.push({ heading: 'Abstract', kind: 'abstract', text: abstract, pages: [0, 0] });
  const content = parts.CONTENT ?? (Object.keys(parts).length ? [] : user.split('\n'));
  let section: PaperSection | undefined;
  for (const line of content) {
    const h = /^## (.*)$/.exec(line);
    if (h) {
      section = {
        heading: h[1]!.trim(),
        kind: /^\s*(references|bibliography)\s*$/i.test(h[1]!) ? 'references' : 'body',
        text: '',
        pages: [0, 0],
      };
      sections.push(section);
    } else if (section) section.text += (section.text ? '\n' : '') + line;
    else if (line.trim()) sections.push((section = { heading: '', kind: 'body', text: line, pages: [0, 0] }));
  }
  for (const s of sections) s.text = s.text.trim();
  const trimmed = user.includes(TRIM_MARK.trim());
  const text: PaperText = {
    extractorVersion: 'merged-prompt@1',
    sections,
    captions: get('CAPTIONS') ? get('CAPTIONS').split('\n') : [],
    warnings: [
      {
        code: 'no_pdf',
        message: `Rebuilt from another annotator's export (the model's input); there is no PDF.${trimmed ? ' That input had been trimmed to fit a context.' : ''}`,
      },
    ],
  };
  return {
    title,
    abstract,
    text,
    fullText: [title, abstract ?? '', ...sections.map((s) => `${s.heading}\n${s.text}`)].join('\n\n'),
  };
}
