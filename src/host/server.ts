import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../core/services';
import { createHandlers, dispatch } from '../core/api';
import { AppError, toApiError } from '../shared/errors';
import { MAX_PARALLEL_UPLOADS } from '../shared/contract/library';
import { authorize, TOKEN_COOKIE } from './auth';
import { contentSecurityPolicy } from './csp';
import { safeJoin, sendFile } from './static';

export interface HostOptions {
  services: Services;
  /** The built renderer (index.html and assets). */
  webRoot: string;
  port: number;
  token: string;
  /** Largest API request body; PDF uploads travel base64-encoded. */
  maxBodyBytes?: number;
  /** Extra GET routes (e.g. paper PDFs), tried before static files. */
  routes?: Array<(path: string, res: ServerResponse) => boolean>;
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 300 * 1024 * 1024;

/** Serves the renderer and the contract on 127.0.0.1 only. */
export async function startHost(options: HostOptions): Promise<Host> {
  const handlers = createHandlers(options.services);
  let port = options.port;
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const unsubscribe = options.services.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });

  /** Browser uploads being handled now (see MAX_PARALLEL_UPLOADS). */
  let uploads = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: toApiError(e) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, port);
    if (!url) {
      json(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: 'The request URL is not valid.' },
      });
      return;
    }
    const verdict = authorize(req, url, options.token, port);
    if (verdict !== 'ok') {
      const code = verdict === 'forbidden' ? 403 : 401;
      const message =
        code === 403 ? 'Requests from another origin are refused.' : 'The access token is missing or wrong.';
      json(res, code, { ok: false, error: { code: verdict, message } });
      return;
    }
    const securityHeaders = {
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length);
      // Each upload holds its body twice in memory (base64 and bytes): past the cap, the
      // browser is told to come back shortly instead of the host growing without bound.
      const upload = name === 'importPaperBytes';
      if (upload && uploads >= MAX_PARALLEL_UPLOADS) {
        res.setHeader('retry-after', '1');
        json(res, 503, {
          ok: false,
          error: { code: 'io_error', message: 'The host is busy with other uploads; try again.' },
        });
        req.resume();
        return;
      }
      if (upload) uploads++;
      try {
        await handleApi(name);
      } finally {
        if (upload) uploads--;
      }
      return;
    }
    async function handleApi(name: string): Promise<void> {
      let input: unknown;
      try {
        input = JSON.parse((await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY)) || '{}');
      } catch (e) {
        const error =
          e instanceof AppError
            ? toApiError(e)
            : { code: 'invalid_input', message: 'The request body is not valid JSON.' };
        json(res, 200, { ok: false, error });
        return;
      }
      json(res, 200, await dispatch(handlers, name, input));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Method not allowed.' } });
      return;
    }
    for (const route of options.routes ?? []) if (route(url.pathname, res)) return;
    const headers: Record<string, string> = { ...securityHeaders };
    if (url.searchParams.has('token')) {
      // The first page load carries the token in the URL; assets and sockets then use the cookie.
      headers['set-cookie'] = `${TOKEN_COOKIE}=${options.token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    const file =
      url.pathname === '/' ? join(options.webRoot, 'index.html') : safeJoin(options.webRoot, url.pathname);
    if (file && sendFile(res, file, headers)) return;
    // Client-side routes fall back to the app.
    if (!url.pathname.includes('.') && sendFile(res, join(options.webRoot, 'index.html'), headers)) return;
    json(res, 404, { ok: false, error: { code: 'not_found', message: `No such file: ${url.pathname}` } });
  }

  // Nothing a client sends may take the host down: a reset socket, a URL that does not parse
  // or a malformed frame ends that one connection and nothing else.
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req, port);
    if (!url || url.pathname !== '/events' || authorize(req, url, options.token, port) !== 'ok') {
      socket.end(
        url
          ? 'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n'
          : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => sockets.delete(ws));
    });
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${options.token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's URL, or null when it does not parse (an absolute URL with a bad port, say). */
function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(
          new AppError('invalid_input', `The request is larger than ${Math.round(limit / 1048576)} MB.`),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
