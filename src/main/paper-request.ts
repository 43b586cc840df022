import { paperIdOfPdfName } from '../shared/paper-pdf-name';

/**
 * The paper:// route, as the web host's GET /papers/<sha256>.pdf: the one request shape the
 * protocol answers. Returns the paper's sha256, or null for anything else (another host, a
 * path with more segments or other characters, a method other than GET). Pure, so it is
 * tested without Electron (src/main/paper-request.test.ts).
 */
export function paperIdFromRequest(url: string, method: string): string | null {
  if (method !== 'GET') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host !== 'papers') return null;
  return paperIdOfPdfName(parsed.pathname.slice(1));
}
