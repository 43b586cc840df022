import { app, protocol } from 'electron';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Services } from '../core/services';
import { paperPdfPath } from '../core/library/import';
import { paperIdFromRequest } from './paper-request';

/**
 * paper://papers/<sha256>.pdf — how the desktop reader gets PDF bytes. A file:// page
 * cannot read the data dir, and sending whole PDFs over IPC (base64 or a structured-clone
 * copy) doubles memory and blocks until the last byte; a streamed protocol response lets
 * pdf.js show page 1 early, exactly like GET /papers/<id>.pdf on the web host.
 *
 * The path mirrors the web host's route so the renderer builds both URLs the same way
 * (src/renderer/features/reader/paper-source.ts). The window's CSP adds `paper:` to
 * connect-src (src/main/window.ts); nothing else may be loaded from it.
 */
export const PAPER_SCHEME = 'paper';

/**
 * Call once at start-up, before app ready: privileged schemes must be registered early.
 * Note: registerSchemesAsPrivileged replaces earlier registrations, so if another scheme
 * is ever added, register both in one call here.
 */
export function registerPaperProtocol(getServices: () => Services | undefined): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: PAPER_SCHEME,
      // standard: parsed like http (host + path); supportFetchAPI + corsEnabled: pdf.js
      // reads it with XHR/fetch from the file:// page; stream: no buffering of big PDFs.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
    },
  ]);
  void app.whenReady().then(() => {
    protocol.handle(PAPER_SCHEME, (request) => {
      const notFound = () =>
        new Response('No PDF for this paper.', { status: 404, headers: { 'content-type': 'text/plain' } });
      const services = getServices();
      const id = paperIdFromRequest(request.url, request.method);
      if (!services || !id) return notFound();
      let file: string;
      try {
        file = paperPdfPath(services, id); // validates the id and that the paper has a PDF
      } catch {
        return notFound();
      }
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': 'application/pdf',
          'content-length': String(statSync(file).size),
          // The app page is file:// (origin "null"); only our locked-down window can load.
          'access-control-allow-origin': '*',
          'x-content-type-options': 'nosniff',
        },
      });
    });
  });
}
