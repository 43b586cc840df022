import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'prs_token';
export const TOKEN_HEADER = 'x-prs-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

export type AuthVerdict = 'ok' | 'unauthorized' | 'forbidden';

/**
 * Loopback is not a security boundary on a shared machine: any local process or web page
 * can reach 127.0.0.1. So every request needs the token (query, header or the cookie the
 * first authorised page load sets), and a browser request from another Origin or a foreign
 * Host header (DNS rebinding) is refused even with a token.
 */
export function authorize(req: IncomingMessage, url: URL, token: string, port: number): AuthVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!req.headers.host || !allowedHosts.includes(req.headers.host)) return 'forbidden';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) return 'forbidden';
  const given = url.searchParams.get('token') ?? headerToken(req) ?? cookieToken(req);
  if (!given || !same(given, token)) return 'unauthorized';
  return 'ok';
}

function headerToken(req: IncomingMessage): string | undefined {
  const v = req.headers[TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
}
