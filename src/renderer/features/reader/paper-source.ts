import { PAPER_ID } from '../../../shared/paper-pdf-name';

/**
 * Where a library paper's PDF bytes come from, in either host:
 * - web host: GET /papers/<id>.pdf on our own origin; the HttpOnly token cookie set on the
 *   first page load authorises it (src/host/pdf-route.ts);
 * - Electron: paper://papers/<id>.pdf, a streamed privileged protocol
 *   (src/main/paper-protocol.ts); the file:// page cannot read the data dir itself.
 * Both are streamed by pdf.js, so page 1 shows before a large file has fully arrived.
 */
export interface PdfSource {
  url: string;
}

/** The URL of a library paper's PDF; throws on anything but a 64-hex paper id. */
export function paperPdfUrl(id: string): string {
  if (!PAPER_ID.test(id)) throw new Error(`Not a paper id: ${id}`);
  // The preload exposes window.api only in the desktop app.
  if (window.api) return `paper://papers/${id}.pdf`;
  return new URL(`/papers/${id}.pdf`, window.location.origin).href;
}

/** A stable source object for <PdfReader source>; memoize per id (react-pdf reloads on a new object). */
export function paperPdfSource(id: string): PdfSource {
  return { url: paperPdfUrl(id) };
}
