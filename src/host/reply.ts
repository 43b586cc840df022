import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request's URL, or null when it does not parse (an absolute URL with a bad port, say). */
export function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

/** A JSON answer with its length, never cached. */
export function json(
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
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.removeHeader('keep-alive');
  json(
    res,
    status,
    { ok: false, error: { code: 'invalid_input', message } },
    { connection: 'close', ...headers },
  );
  req.resume();
  res.on('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
}
