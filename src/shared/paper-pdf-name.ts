/**
 * A paper's PDF is named by its sha256: `<id>.pdf`, the last segment of the URL both hosts
 * serve it at (web host GET /papers/<id>.pdf, desktop paper://papers/<id>.pdf) and the
 * renderer builds (features/reader/paper-source.ts). One rule for all three.
 */
export const PAPER_ID = /^[0-9a-f]{64}$/;

/** The paper id of a `<sha256>.pdf` name, or null for anything else (dots, slashes, upper case…). */
export function paperIdOfPdfName(name: string): string | null {
  const id = name.endsWith('.pdf') ? name.slice(0, -'.pdf'.length) : '';
  return PAPER_ID.test(id) ? id : null;
}
