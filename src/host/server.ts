import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Services } from '../core/services';
import { createHandlers } from '../core/api';
import { toApiError } from '../shared/errors';
import { MAX_PARALLEL_UPLOADS } from '../shared/contract/library';
import { apiRoute } from './api-route';
import { authorize } from './auth';
import { Gate } from './body';
import { eventSockets } from './events-socket';
import { pageRoute } from './page-route';
import { json, requestUrl } from './reply';

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
/** Waiting uploads beyond this get 503 + Retry-After: a browser holds at most a few dozen. */
const UPLOAD_QUEUE = 256;
const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included; queued uploads count, so it is generous. */
const REQUEST_TIMEOUT_MS = 300_000;
/**
 * Keep-alive: clients are told an idle connection lasts 5 s (undici drops its own 2 s before
 * the hint), but the host keeps it a minute longer. A host that closed at exactly the
 * advertised time reset requests that a client had sent in time: while the host's event loop
 * is stalled (a slow search, a loaded machine) a request lands in the socket's buffer unread,
 * and when the loop wakes the due keep-alive timer runs before the read, so the socket is
 * destroyed with the request in it (ECONNRESET at the client; test/faults/host-keepalive).
 */
const KEEP_ALIVE_ADVERTISED = 'timeout=5';
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Serves the renderer and the contract on 127.0.0.1 only. */
export async function startHost(options: HostOptions): Promise<Host> {
  let port = options.port;
  const uploads = new Gate(options.uploadConcurrency ?? MAX_PARALLEL_UPLOADS, UPLOAD_QUEUE);
  const api = apiRoute({
    handlers: createHandlers(options.services),
    maxUploadBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON,
    uploads,
  });
  const page = pageRoute(options);
  const events = eventSockets(options.services, (req) => {
    const url = requestUrl(req, port);
    if (!url) return 'bad-url';
    return url.pathname === '/events' && authorize(req, url, options.token, port) === 'ok' ? 'ok' : 'refused';
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
    } else if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      await api(req, res, url.pathname.slice('/api/'.length));
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Method not allowed.' } });
    } else page(url, res);
  }

  const server = hardenedServer(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, handle);
  server.on('upgrade', events.upgrade);
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
      events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The HTTP server with the host's time limits: a client that dribbles its headers (slow loris)
 * is dropped after `headersTimeout` (checked every second so a short test timeout is honoured
 * promptly), a whole request after REQUEST_TIMEOUT_MS; idle sockets as KEEP_ALIVE_* says. A
 * handler's failure is answered as data (or the socket ends if the answer had begun).
 */
function hardenedServer(
  headersTimeout: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
) {
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    },
    (req, res) => {
      // Set by hand, so Node does not advertise its own (longer) keepAliveTimeout.
      res.setHeader('keep-alive', KEEP_ALIVE_ADVERTISED);
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) json(res, 500, { ok: false, error: toApiError(e) });
        else res.destroy();
      });
    },
  );
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    // A client too slow to send its headers (slow loris) is told so; anything else is a bad request.
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}
