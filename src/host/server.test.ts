import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { createServices, type Services } from '../core/services';
import { startHost, type Host } from './server';
import { tempDir } from '../../test/helpers/temp';

describe('web host', () => {
  const dir = tempDir();
  const web = join(dir.path, 'web');
  let services: Services;
  let host: Host;
  const token = 'test-token-123';
  let base: string;

  beforeAll(async () => {
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    services = createServices({ dataDir: join(dir.path, 'data'), host: 'web' });
    host = await startHost({ services, webRoot: web, port: 0, token });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await services.close();
    dir.remove();
  });

  const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('binds to loopback and prints a token URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${token}`);
  });

  it('refuses requests without the token', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(401);
    const api = await call('getSettings', {});
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await call('getSettings', {}, { 'x-prs-token': 'wrong' })).status).toBe(401);
  });

  it('refuses requests from another origin even with the token', async () => {
    const r = await call('getSettings', {}, { 'x-prs-token': token, origin: 'http://evil.example' });
    expect(r.status).toBe(403);
  });

  it('serves the app with the token and sets a cookie for its assets', async () => {
    const r = await fetch(`${base}/?token=${token}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    const again = await fetch(`${base}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('does not serve files outside the web root', async () => {
    const r = await fetch(`${base}/..%2f..%2fdata%2flibrary.db`, { headers: { 'x-prs-token': token } });
    expect(r.status).toBe(404);
  });

  it('answers API calls as data, errors included', async () => {
    const ok = await call('getSettings', {}, { 'x-prs-token': token, origin: base });
    expect(await ok.json()).toMatchObject({ ok: true, value: { theme: 'system' } });
    const bad = await fetch(`${base}/api/getSettings`, {
      method: 'POST',
      headers: { 'x-prs-token': token },
      body: '{not json',
    });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('pushes events over an authenticated WebSocket only', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
    await new Promise<void>((resolve) => refused.on('error', () => resolve()));
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const message = new Promise<string>((resolve) => ws.on('message', (d) => resolve(String(d))));
    await call('updateSettings', { theme: 'dark' }, { 'x-prs-token': token });
    expect(JSON.parse(await message)).toEqual({ event: 'settingsChanged', payload: { keys: ['theme'] } });
    ws.close();
  });

  /** Sends raw bytes on a fresh connection and returns what came back before it closed. */
  const raw = (bytes: string | Buffer) =>
    new Promise<string>((resolve) => {
      const socket = connect(host.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += String(d)));
      socket.on('error', () => resolve(got));
      socket.on('close', () => resolve(got));
      socket.write(bytes);
      // Bounded: a host that neither answers nor closes fails the test instead of hanging it.
      setTimeout(() => socket.destroy(), 5_000).unref();
    });
  const stillUp = async () => {
    const ok = await call('getSettings', {}, { 'x-prs-token': token });
    expect(await ok.json()).toMatchObject({ ok: true });
  };

  it('stays up after an upgrade or request whose URL does not parse, answering 400', async () => {
    const upgrade = await raw(
      'GET http://a:99999/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    await stillUp();
    const plain = await raw('GET http://a:99999/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await stillUp();
  });

  it('stays up after a malformed WebSocket frame, and closes only that socket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    ws.on('error', () => undefined);
    // An unmasked frame with reserved bits and opcode 0xF: invalid from a client.
    (ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0xff, 0x05, 1, 2, 3, 4, 5]));
    await closed;
    await stillUp();
  });
});
