import type { ReviewTemplate } from './templates';

/**
 * A review's canonical text is Markdown: `## <Section title>` per template section, then
 * score lines `**Rating:** 6`. Models stray from it (other heading levels, bold or
 * numbered headings, shortened titles), so parsing is tolerant; whatever cannot be placed
 * is returned as `unmatched` and never dropped. Pure: no Node, no DOM.
 */

export interface ParsedReview {
  sections: Record<string, string>;
  scores: Record<string, number>;
  /** Text before the first recognised section, and score lines out of range. */
  unmatched: string;
}

const normalize = (s: string) =>
  s
    .toLowerCase()
    .replace(/[*_`#]/g, ' ')
    .replace(/^\s*(?:\d+|[ivx]+|[a-z])[.)]\s+/, ' ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const words = (s: string) =>
  normalize(s)
    .split(' ')
    .filter((w) => w.length > 2 || /\d/.test(w));

/** The template section a heading names, or undefined. */
export function matchSection(heading: string, template: ReviewTemplate): string | undefined {
  const h = normalize(heading);
  if (!h) return undefined;
  for (const s of template.sections) if (h === normalize(s.title) || h === normalize(s.id)) return s.id;
  let best: { id: string; score: number } | undefined;
  const hw = new Set(words(heading));
  if (hw.size === 0 || hw.size > 10) return undefined;
  for (const s of template.sections) {
    const tw = words(s.title);
    const common = tw.filter((w) => hw.has(w)).length;
    // Share of the title's words the heading has, penalised by extra words in the heading.
    const score = tw.length ? common / tw.length - Math.max(0, hw.size - common) * 0.1 : 0;
    if (score >= 0.6 && (!best || score > best.score)) best = { id: s.id, score };
  }
  return best?.id;
}

interface Heading {
  title: string;
  rest: string;
  markdown: boolean;
}

function headingOf(line: string): Heading | undefined {
  const md = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
  if (md?.[1]) return { title: md[1].replace(/:\s*$/, ''), rest: '', markdown: true };
  const bold = /^\s*(?:\d+[.)]\s*)?(?:\*\*|__)(.+?)(?::\s*)?(?:\*\*|__)\s*:?\s*(.*)$/.exec(line);
  if (bold?.[1]) return { title: bold[1], rest: bold[2] ?? '', markdown: false };
  const numbered = /^\s*(?:\d+|[IVX]+)[.)]\s+([^:]{2,80}?)\s*:?\s*$/.exec(line);
  if (numbered?.[1]) return { title: numbered[1], rest: '', markdown: false };
  const plain = /^\s*([A-Z][^:.!?]{2,60}):\s*(.*)$/.exec(line);
  if (plain?.[1]) return { title: plain[1], rest: plain[2] ?? '', markdown: false };
  return undefined;
}

function scoreLine(
  line: string,
  template: ReviewTemplate,
): { name: string; value: number; inRange: boolean } | undefined {
  const m =
    /^\s*[-*]?\s*(?:\*\*|__)?([A-Za-z][A-Za-z ]{0,40}?)(?::\s*)?(?:\*\*|__)?\s*:\s*(?:\*\*)?\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*\d+)?\s*(?:\*\*)?\s*\.?\s*$/.exec(
      line,
    );
  if (!m?.[1] || !m[2]) return undefined;
  const score = template.scores.find((s) => s.name.toLowerCase() === m[1]!.trim().toLowerCase());
  if (!score) return undefined;
  const value = Number(m[2]);
  return {
    name: score.name,
    value,
    inRange: Number.isInteger(value) && value >= score.min && value <= score.max,
  };
}

export function parseReview(text: string, template: ReviewTemplate): ParsedReview {
  const buckets = new Map<string, string[]>();
  const unmatched: string[] = [];
  const scores: Record<string, number> = {};
  let current: string[] = unmatched;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const score = scoreLine(line, template);
    if (score) {
      if (score.inRange) scores[score.name] = score.value;
      else unmatched.push(line);
      continue;
    }
    const h = headingOf(line);
    const id = h ? matchSection(h.title, template) : undefined;
    if (h && id) {
      let bucket = buckets.get(id);
      if (!bucket) buckets.set(id, (bucket = []));
      current = bucket;
      if (h.rest.trim()) current.push(h.rest.trim());
      continue;
    }
    current.push(line);
  }
  const sections: Record<string, string> = {};
  for (const s of template.sections) {
    const body = buckets.get(s.id);
    if (body) sections[s.id] = body.join('\n').trim();
  }
  return { sections, scores, unmatched: unmatched.join('\n').trim() };
}

/** The canonical Markdown of a review; parseReview(renderReview(x)) gives x back. */
export function renderReview(
  sections: Record<string, string>,
  scores: Record<string, number>,
  template: ReviewTemplate,
): string {
  const parts = template.sections.map((s) => `## ${s.title}\n\n${(sections[s.id] ?? '').trim()}`.trimEnd());
  const scoreLines = template.scores
    .filter((s) => scores[s.name] !== undefined)
    .map((s) => `**${s.name}:** ${scores[s.name]}`);
  if (scoreLines.length) parts.push(scoreLines.join('\n'));
  return `${parts.join('\n\n')}\n`;
}

export interface TemplateReview {
  /** Every template section, in the template's order ('' where the text had none). */
  sections: Record<string, string>;
  scores: Record<string, number>;
  /** Markdown headings that name no template section (their text stays in the section above). */
  unknownHeadings: string[];
}

/**
 * parseReview for text a person or model wrote as a whole review (a file given to the CLI, a
 * draft without stored sections): nothing is left aside, so text before the first section
 * and out-of-range score lines go to the top of the first section.
 */
export function parseReviewIntoTemplate(text: string, template: ReviewTemplate): TemplateReview {
  const parsed = parseReview(text, template);
  const sections: Record<string, string> = {};
  for (const s of template.sections) sections[s.id] = parsed.sections[s.id] ?? '';
  const first = template.sections[0];
  if (first && parsed.unmatched) sections[first.id] = `${parsed.unmatched}\n\n${sections[first.id]}`.trim();
  const unknownHeadings: string[] = [];
  for (const line of text.split(/\r\n?|\n/)) {
    const h = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (h && !matchSection(h, template)) unknownHeadings.push(h);
  }
  return { sections, scores: parsed.scores, unknownHeadings };
}
