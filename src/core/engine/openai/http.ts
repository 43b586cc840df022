import { AppError } from '../../../shared/errors';

/** Where a served model lives: the server's root URL (no trailing /v1) and its API key. */
export interface Endpoint {
  url: string;
  key: string | null;
}

/**
 * The server's root from what a user types: "http://host:8080", "http://host:8080/",
 * "http://host:11434/v1" (Ollama's and vLLM's documented base URL) all name the same root.
 */
export function normalizeServerUrl(input: string): string {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new AppError('invalid_input', `"${input}" is not a URL (e.g. http://127.0.0.1:8080).`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError(
      'invalid_input',
      `The server URL must start with http:// or https://, got "${input}".`,
    );
  }
  if (u.username || u.password)
    throw new AppError('invalid_input', 'Put the API key in the key field, not in the URL.');
  const path = u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Until the response's headers arrive. */
  timeoutMs: number;
  /** The caller's own cancel (a stopped draft); it is not reported as an error here. */
  signal?: AbortSignal;
}

/** Socket errors of a connection the server closed before answering (see call). */
const CLOSED_UNDER_US = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
/**
 * How many times a call is sent again after such an error. The pool can hold one dead socket
 * per connection a restarted server had open (its streaming drafts, its idle keep-alives), and
 * each fails once before a new connection is made: with one resend, the first draft after a
 * restart could fail "not reachable" against a server that is up, and pause the batch again.
 */
const RESENDS = 5;

/** Why a fetch failed, in words: connection refused, reset, unknown host… */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

/** The server's own message from an error body (OpenAI's {error:{message}}, llama.cpp's, vLLM's, plain text). */
export function serverMessage(text: string): string {
  let msg = text;
  try {
    const j = JSON.parse(text) as {
      error?: { message?: unknown } | string;
      message?: unknown;
      detail?: unknown;
    };
    const e = j.error;
    const picked = typeof e === 'string' ? e : (e?.message ?? j.message ?? j.detail);
    if (typeof picked === 'string') msg = picked;
    else if (picked !== undefined) msg = JSON.stringify(picked);
  } catch {
    // not JSON: the text as it came
  }
  msg = msg.replace(/\s+/g, ' ').trim();
  return msg.length > 300 ? `${msg.slice(0, 300)}…` : msg || '(no message)';
}

/**
 * One HTTP call to the server. Resolves to the response when its status is 2xx; throws an
 * AppError with a one-line message otherwise: unreachable, timed out, key refused, or the
 * server's own error text with its status. An abort by `signal` rethrows the AbortError.
 */
export async function call(ep: Endpoint, path: string, opts: CallOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (ep.key) headers.authorization = `Bearer ${ep.key}`;
  const send = () =>
    fetch(`${ep.url}${path}`, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
  // A pooled keep-alive connection the server closed (llama-server closes idle ones on its own
  // timer; a restarted server closed them all) fails before any answer: send again, as browsers
  // do, until a live or new connection takes it. A refused connection or a timeout is not retried.
  const sendOnLiveConnection = async (): Promise<Response> => {
    for (let resends = 0; ; resends++) {
      try {
        return await send();
      } catch (e) {
        if (signal.aborted || resends === RESENDS || !CLOSED_UNDER_US.has(networkReason(e))) throw e;
      }
    }
  };
  let res: Response;
  try {
    res = await sendOnLiveConnection();
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (timeout.aborted) {
      throw new AppError(
        'engine_error',
        `The server at ${ep.url} did not answer ${path} within ${Math.round(opts.timeoutMs / 1000)} s.`,
      );
    }
    throw new ServerGoneError(
      'engine_error',
      `The server at ${ep.url} is not reachable (${networkReason(e)}).`,
    );
  }
  if (res.ok) return res;
  const text = await res.text().catch(() => '');
  if (res.status === 401 || res.status === 403) {
    throw new AppError(
      'unauthorized',
      `The server at ${ep.url} refused the API key (${res.status}: ${serverMessage(text)}).`,
    );
  }
  throw new HttpError(
    res.status,
    `The server at ${ep.url} answered ${path} with ${res.status}: ${serverMessage(text)}`,
  );
}

/**
 * The server is down, or went away mid-request: no fault of the paper being drafted. A batch
 * pauses on it (its papers wait, queued) instead of failing every paper left.
 */
export class ServerGoneError extends AppError {}

/** A 4xx/5xx answer; callers probing optional endpoints (404: not there) look at the status. */
export class HttpError extends AppError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('engine_error', message);
  }
}

/** GET/POST returning parsed JSON; a body that is not JSON is the server's error. */
export async function callJson(ep: Endpoint, path: string, opts: CallOptions): Promise<unknown> {
  const res = await call(ep, path, opts);
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(
      'engine_error',
      `The server at ${ep.url} sent ${path} an answer that is not JSON: ${serverMessage(text)}`,
    );
  }
}
