import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../core/services';
import { createHandlers, dispatch } from '../core/api';
import { toApiError } from '../shared/errors';
import { MAX_PARALLEL_UPLOADS, RAW_INPUT_HEADER } from '../shared/contract/library';
import { BodyError, checkJsonDepth, Gate, readBody } from './body';
import { authorize, TOKEN_COOKIE } from './auth';
import { contentSecurityPolicy } from './csp';
import { safeJoin, sendFile } from './static';

export interface HostOptions {
  services: Services;
  /** The built renderer (index.html and assets). */
  webRoot: string;
  port: number;
  token: string;
  /** Largest upload body (importPaperBytes): the raw PDF, or base64 JSON from a script. */
  maxBodyBytes?: number;
  /** Largest body of any other API call. */
  maxJsonBytes?: number;
  /** Uploads buffered at once; the rest queue. */
  uploadConcurrency?: number;
  /** How long a client may take to send its headers (slow-loris guard). */
  headersTimeoutMs?: number;
  /** Extra GET routes (e.g. paper PDFs), tried before static files. */
  routes?: Array<(path: string, res: ServerResponse) => boolean>;
}

export interface Host {
  url: string;
  port: number;
  /** The most uploads ever buffered at once (for the fault tests). */
  uploadsPeak(): number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 300 * 1024 * 1024;
const DEFAULT_MAX_JSON = 16 * 1024 * 1024;
const UPLOAD_METHOD = 'importPaperBytes';
/** A body above this (or of unknown length) is buffered only inside the upload gate. */
const HEAVY_BODY_BYTES = 1024 * 1024;
const UPLOAD_CONCURRENCY = MAX_PARALLEL_UPLOADS;
/** Waiting uploads beyond this get 503 + Retry-After: a browser holds at most a few dozen. */
const UPLOAD_QUEUE = 256;
const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included; queued uploads count, so it is generous. */
const REQUEST_TIMEOUT_MS = 300_000;

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

  const maxUploadBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON;
  const uploads = new Gate(options.uploadConcurrency ?? UPLOAD_CONCURRENCY, UPLOAD_QUEUE);
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;

  // A client that dribbles its headers (slow loris) is dropped after headersTimeout; the
  // check runs every second so that a short test timeout is honoured promptly.
  const serverOptions = {
    headersTimeout,
    requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  };
  const server = createServer(serverOptions, (req, res) => {
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
      await handleApi(req, res, url.pathname.slice('/api/'.length));
      return;
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

  /**
   * One API call. Large bodies (uploads, or any body over a megabyte or of unknown length)
   * pass through the upload gate so that at most UPLOAD_CONCURRENCY are buffered at once;
   * the rest wait unread (TCP holds the client back) or, past UPLOAD_QUEUE, get 503.
   */
  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const declared = Number(req.headers['content-length']);
    const heavy = name === UPLOAD_METHOD || !Number.isFinite(declared) || declared > HEAVY_BODY_BYTES;
    const release = heavy ? await uploads.acquire() : () => undefined;
    if (!release) {
      refuse(req, res, 503, 'Too many uploads are waiting; try again shortly.', { 'retry-after': '5' });
      return;
    }
    try {
      const limit = name === UPLOAD_METHOD ? maxUploadBytes : maxJsonBytes;
      let input: unknown;
      try {
        const bytes = await readBody(req, limit);
        if (isRawBody(req)) input = rawInput(req, bytes);
        else {
          checkJsonDepth(bytes);
          input = JSON.parse(bytes.toString('utf8') || '{}');
        }
      } catch (e) {
        if (e instanceof BodyError) refuse(req, res, e.status, e.message);
        else refuse(req, res, 400, 'The request body is not valid JSON.');
        return;
      }
      json(res, 200, await dispatch(handlers, name, input));
    } finally {
      release();
    }
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
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    // A client too slow to send its headers (slow loris) is told so; anything else is a bad request.
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    uploadsPeak: () => uploads.peak,
    url: `http://127.0.0.1:${port}/?token=${options.token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isRawBody(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim() === 'application/octet-stream';
}

/**
 * An upload sent as raw bytes (see RAW_INPUT_HEADER): the body is the input's `data`, the
 * header holds the rest as URI-encoded JSON; dispatch validates the whole as usual.
 */
function rawInput(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const header = req.headers[RAW_INPUT_HEADER];
  if (typeof header !== 'string')
    throw new BodyError(400, `A raw upload needs its ${RAW_INPUT_HEADER} header.`);
  let meta: unknown;
  try {
    const json = Buffer.from(decodeURIComponent(header));
    checkJsonDepth(json);
    meta = JSON.parse(json.toString('utf8'));
  } catch (e) {
    if (e instanceof BodyError) throw e;
    throw new BodyError(400, `The ${RAW_INPUT_HEADER} header is not URI-encoded JSON.`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
    throw new BodyError(400, `The ${RAW_INPUT_HEADER} header must hold a JSON object.`);
  return { ...meta, data: body };
}

/** The request's URL, or null when it does not parse (an absolute URL with a bad port, say). */
function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * A refused API call: the error as data with its status, then the connection is closed, since
 * the rest of an unread body may still be on its way. What is left is discarded for a moment
 * so the client can read the answer, then the socket goes.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  json(
    res,
    status,
    { ok: false, error: { code: 'invalid_input', message } },
    { connection: 'close', ...headers },
  );
  req.resume();
  res.on('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
}
