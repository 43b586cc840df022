import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { TOKEN_COOKIE } from './auth';
import { contentSecurityPolicy } from './csp';
import { json } from './reply';
import { safeJoin, sendFile } from './static';

export interface PageRouteOptions {
  /** The built renderer (index.html and assets). */
  webRoot: string;
  token: string;
  /** Extra GET routes (e.g. paper PDFs), tried before static files. */
  routes?: Array<(path: string, res: ServerResponse) => boolean>;
}

/** A GET or HEAD after the token check: an extra route, a file of the renderer, or the app itself. */
export function pageRoute(o: PageRouteOptions) {
  return (url: URL, res: ServerResponse): void => {
    for (const route of o.routes ?? []) if (route(url.pathname, res)) return;
    const headers: Record<string, string> = {
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (url.searchParams.has('token')) {
      // The first page load carries the token in the URL; assets and sockets then use the cookie.
      headers['set-cookie'] = `${TOKEN_COOKIE}=${o.token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    const file = url.pathname === '/' ? join(o.webRoot, 'index.html') : safeJoin(o.webRoot, url.pathname);
    if (file && sendFile(res, file, headers)) return;
    // Client-side routes fall back to the app.
    if (!url.pathname.includes('.') && sendFile(res, join(o.webRoot, 'index.html'), headers)) return;
    json(res, 404, { ok: false, error: { code: 'not_found', message: `No such file: ${url.pathname}` } });
  };
}
