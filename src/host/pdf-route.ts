import type { ServerResponse } from 'node:http';
import type { Services } from '../core/services';
import { paperPdfPath } from '../core/library/import';
import { isAppError } from '../shared/errors';
import { paperIdOfPdfName } from '../shared/paper-pdf-name';
import { sendFile } from './static';

/** A GET route of the web host: returns true when it answered the request. */
export type HostRoute = (path: string, res: ServerResponse) => boolean;

/** The URL path the reader fetches a paper's PDF from (see src/renderer/features/reader/paper-source.ts). */
export const PAPER_PDF_PREFIX = '/papers/';

/**
 * GET /papers/<sha256>.pdf: the stored copy of a paper, for the reader. The server has
 * already checked the token (routes run after authorize), and the id is validated as
 * 64 hex characters by paperPdfPath, so no path can leave papers/ ("%2e%2e", "..",
 * slashes and the like are not hex and end in a 404, never in a file lookup).
 */
export function paperPdfRoute(services: Services): HostRoute {
  return (path, res) => {
    if (!path.startsWith(PAPER_PDF_PREFIX)) return false;
    const id = paperIdOfPdfName(path.slice(PAPER_PDF_PREFIX.length));
    let file: string | undefined;
    try {
      if (id) file = paperPdfPath(services, id);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'not_found') throw e;
    }
    const headers = {
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-disposition': 'inline',
    };
    if (file && sendFile(res, file, headers)) return true;
    res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'No PDF for this paper.' } }));
    return true;
  };
}
