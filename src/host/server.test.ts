import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices, type Services } from '../core/services';
import { startHost, type Host } from './server';
import { tempDir } from '../../test/support/temp';
import { makePdf } from '../core/library/import/pdfs.fixtures';

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
  it('takes an upload as the raw PDF body, the rest of the input in x-prs-input', async () => {
    const pdf = await makePdf({ title: 'Raw Upload Paper' });
    const upload = (body: Uint8Array, input: string | null) =>
      fetch(`${base}/api/importPaperBytes`, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          'x-prs-token': token,
          ...(input === null ? {} : { 'x-prs-input': input }),
        },
        body: Buffer.from(body),
      }).then((r) => r.json());
    const ok = await upload(pdf, encodeURIComponent(JSON.stringify({ fileName: 'raw é.pdf' })));
    expect(ok).toMatchObject({
      ok: true,
      value: { status: 'imported', file: 'raw é.pdf', title: 'Raw Upload Paper' },
    });
    expect(await upload(pdf, null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'A raw upload needs its x-prs-input header.' },
    });
    expect(await upload(pdf, '%E0{')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Only the body carries the bytes: an input that also sends base64 is refused by the contract.
    const both = await upload(
      pdf,
      encodeURIComponent(JSON.stringify({ fileName: 'x.pdf', dataBase64: 'AA==' })),
    );
    expect(both).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  // Raw-socket fault cases (bad URLs, frames, bodies, slow clients) live in test/faults/host-sockets.test.ts.
});
