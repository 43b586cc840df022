/** Titles compared without case, punctuation or spacing differences. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether a section heading is just the paper's title (a parser's first "section" of author lines). */
export function isTitleHeading(heading: string, title: string): boolean {
  const h = normalizeTitle(heading);
  return h !== '' && h === normalizeTitle(title);
}
