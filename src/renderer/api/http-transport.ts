import type { Transport } from '../../shared/client';
import type { Result } from '../../shared/errors';
import { RAW_INPUT_HEADER } from '../../shared/contract/library';

const TOKEN_KEY = 'prs-token';

/** The access token arrives in the page URL once; keep it for this tab and tidy the URL. */
export function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** keepalive requests are capped at 64 KiB by browsers; larger ones go the normal way. */
const KEEPALIVE_LIMIT = 60 * 1024;

/** The web host's transport, and the one call that must outlive the page. */
export interface WebTransport extends Transport {
  /**
   * Sends a call as a keepalive request, which the browser finishes after the page is gone
   * (an ordinary fetch is cancelled with it); its answer is not read. False when the body is
   * too large for keepalive or the request cannot be made: make the normal call instead.
   */
  sendOnUnload(method: string, input: unknown): boolean;
}

/** How often a call the host answered "busy" (503) is sent again before giving up. */
const BUSY_RETRIES = 60;

/** Retry-After in seconds (capped at 30 s), else a short backoff that grows with each try. */
function retryAfterMs(header: string | null, attempt: number): number {
  const seconds = Number(header);
  if (header !== null && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 30) * 1000;
  return Math.min(250 * 2 ** attempt, 5000);
}

/**
 * The request for one call: JSON, or for an upload (an input whose `data` is bytes) the raw
 * bytes as the body and the rest of the input in a header, so a PDF is never base64-encoded.
 */
function request(token: string, input: unknown): RequestInit {
  const headers: Record<string, string> = { 'x-prs-token': token };
  if (input && typeof input === 'object' && (input as { data?: unknown }).data instanceof Uint8Array) {
    const { data, ...rest } = input as { data: Uint8Array<ArrayBuffer> };
    headers['content-type'] = 'application/octet-stream';
    headers[RAW_INPUT_HEADER] = encodeURIComponent(JSON.stringify(rest));
    return { method: 'POST', headers, body: data };
  }
  headers['content-type'] = 'application/json';
  return { method: 'POST', headers, body: JSON.stringify(input) };
}

/** The contract over the web host: POST /api/<method>, events over a WebSocket. */
export function httpTransport(token: string): WebTransport {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let socket: WebSocket | undefined;
  let retry = 500;

  function connect(): void {
    const wsUrl = new URL('/events', window.location.href);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl.searchParams.set('token', token);
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      retry = 500;
    };
    ws.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown };
      for (const l of listeners) l(event, payload);
    };
    ws.onclose = () => {
      // A socket closed on purpose may already have been replaced (see subscribe).
      if (socket !== ws) return;
      socket = undefined;
      if (listeners.size) setTimeout(() => socket ?? connect(), (retry = Math.min(retry * 2, 10_000)));
    };
  }

  return {
    async call(method, input) {
      try {
        const init = request(token, input);
        for (let attempt = 0; ; attempt++) {
          const res = await fetch(`/api/${method}`, init);
          // 503: the host is at its upload cap and did nothing with this request; wait as
          // it asks (Retry-After, seconds) and send it again, a bounded number of times.
          if (res.status === 503 && attempt < BUSY_RETRIES) {
            await res.body?.cancel();
            await new Promise((r) => setTimeout(r, retryAfterMs(res.headers.get('retry-after'), attempt)));
            continue;
          }
          return (await res.json()) as Result<unknown>;
        }
      } catch (e) {
        return {
          ok: false,
          error: { code: 'io_error', message: `The app host is not reachable: ${(e as Error).message}` },
        };
      }
    },
    sendOnUnload(method, input) {
      const init = request(token, input);
      const size = typeof init.body === 'string' ? init.body.length : (init.body as Uint8Array).byteLength;
      if (size > KEEPALIVE_LIMIT) return false;
      try {
        void fetch(`/api/${method}`, { ...init, keepalive: true }).catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      // A page change unsubscribes the old page's listeners (closing the socket) and then
      // subscribes the new page's: a socket still closing would deliver nothing, so open
      // a new one at once rather than after the reconnect delay.
      if (!socket || socket.readyState >= WebSocket.CLOSING) connect();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) socket?.close();
      };
    },
  };
}
