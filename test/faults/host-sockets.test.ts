import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices, type Services } from '../../src/core/services';
import { startHost, type Host } from '../../src/host/server';
import { hiddenTextPdf } from '../support/hidden-text-pdfs';
import { tempDir } from '../support/temp';

/**
 * Fault cases against the real web host on loopback, over raw sockets: whatever a client
 * sends, it gets one clear answer (or its connection closed) within a stated limit, and the
 * host answers the next good request.
 */
describe('web host under hostile clients', () => {
  const dir = tempDir('prs-faults-host-');
  const token = 'fault-token-123';
  const HEADERS_TIMEOUT_MS = 1_000;
  let services: Services;
  let host: Host;

  beforeAll(async () => {
    const web = join(dir.path, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    services = createServices({ dataDir: join(dir.path, 'data'), host: 'web' });
    host = await startHost({ services, webRoot: web, port: 0, token, headersTimeoutMs: HEADERS_TIMEOUT_MS });
  });
  afterAll(async () => {
    await host.close();
    await services.close();
    dir.remove();
  });

  /** Opens a socket, writes `bytes`, and returns what came back before it closed (or `limitMs`). */
  const raw = (bytes: string | Buffer, limitMs = 5_000) =>
    new Promise<{ text: string; closedMs: number | null }>((resolve) => {
      const started = Date.now();
      const socket = connect(host.port, '127.0.0.1');
      let text = '';
      const done = (closed: boolean) => resolve({ text, closedMs: closed ? Date.now() - started : null });
      socket.on('data', (d) => (text += String(d)));
      socket.on('error', () => done(true));
      socket.on('close', () => done(true));
      socket.write(bytes);
      // Bounded: a host that neither answers nor closes fails the test instead of hanging it.
      setTimeout(() => {
        done(false);
        socket.destroy();
      }, limitMs).unref();
    });
  const post = (method: string, body: string | Buffer, extra = '') => {
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const head =
      `POST /api/${method} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nx-prs-token: ${token}\r\n` +
      `content-type: application/json\r\ncontent-length: ${b.length}\r\nconnection: close\r\n${extra}\r\n`;
    return Buffer.concat([Buffer.from(head), b]);
  };
  const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as unknown;
  const stillUp = async () => {
    const r = await fetch(`http://127.0.0.1:${host.port}/api/getSettings`, {
      method: 'POST',
      headers: { 'x-prs-token': token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await r.json()).toMatchObject({ ok: true });
  };

  it('answers 400 to an upgrade or request whose URL does not parse, and stays up', async () => {
    const upgrade = await raw(
      'GET http://a:99999/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade.text).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    await stillUp();
    const plain = await raw('GET http://a:99999/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(plain.text).toMatch(/^HTTP\/1\.1 400/);
    expect((await raw('NOT HTTP AT ALL\r\n\r\n')).text).toMatch(/^HTTP\/1\.1 400/);
    await stillUp();
  });

  it('closes only the socket that sent a malformed WebSocket frame', async () => {
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

  it('answers 413 with a JSON error to an oversize body, declared or streamed, within 2 s', async () => {
    // Declared: 17 MB for an ordinary call (cap 16 MB) is refused before a byte is read.
    const t0 = Date.now();
    const declared = await raw(
      `POST /api/getSettings HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nx-prs-token: ${token}\r\ncontent-length: ${17 * 1024 * 1024}\r\n\r\n{"a":"`,
    );
    expect(declared.text).toMatch(/^HTTP\/1\.1 413/);
    expect(bodyOf(declared.text)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'The request body is larger than 16 MB.' },
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    // Streamed (chunked, no length): refused once it passes the cap.
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const pieces = [
      `POST /api/getSettings HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nx-prs-token: ${token}\r\ntransfer-encoding: chunked\r\n\r\n`,
    ];
    const body = Buffer.concat([
      Buffer.from(pieces[0]!),
      ...Array.from({ length: 17 }, () =>
        Buffer.concat([Buffer.from('100000\r\n'), chunk, Buffer.from('\r\n')]),
      ),
    ]);
    const t1 = Date.now();
    const streamed = await raw(body);
    expect(streamed.text).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - t1).toBeLessThan(2_000);
    await stillUp();
  });

  it('refuses JSON nested deeper than 64 levels before parsing it, within 1 s', async () => {
    const deep = '{"theme":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const t0 = Date.now();
    const r = await raw(post('updateSettings', deep));
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(r.text).toMatch(/^HTTP\/1\.1 400/);
    expect(bodyOf(r.text)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'The request body nests deeper than 64 levels.' },
    });
    // 60 levels pass the depth check and reach zod, which answers as data.
    const shallow = await raw(post('updateSettings', '{"theme":' + '['.repeat(60) + ']'.repeat(60) + '}'));
    expect(bodyOf(shallow.text)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(bodyOf(shallow.text))).not.toContain('nests deeper');
    await stillUp();
  });

  it('drops a slow-loris client after the headers timeout while answering others', async () => {
    const started = Date.now();
    const socket = connect(host.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += String(d)));
    const closed = new Promise<number>((resolve) => {
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
    });
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`);
    const drip = setInterval(() => socket.write(`x-drip-${Date.now()}: 1\r\n`), 200);
    const guard = setTimeout(() => socket.destroy(), 8_000);
    try {
      await stillUp(); // the host answers while the slow client is connected
      const ms = await closed;
      // Dropped within the timeout plus one check interval (1 s) and some slack.
      expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    } finally {
      clearInterval(drip);
      clearTimeout(guard);
    }
    await stillUp();
  });

  it('takes 100 concurrent uploads over raw sockets, at most 4 buffered at once, all answered', async () => {
    const pdf = Buffer.from(await hiddenTextPdf('none'));
    const requests = Array.from({ length: 100 }, (_, i) => {
      // A distinct file each (a trailing comment changes the sha256, not the document).
      const bytes = Buffer.concat([pdf, Buffer.from(`\n% upload ${i}\n`)]);
      const body = JSON.stringify({ fileName: `upload-${i}.pdf`, dataBase64: bytes.toString('base64') });
      return raw(post('importPaperBytes', body), 90_000);
    });
    const t0 = Date.now();
    const answers = await Promise.all(requests);
    const elapsed = Date.now() - t0;
    const statuses = answers.map(
      (a) => (bodyOf(a.text) as { ok: boolean; value?: { status: string } }).value?.status,
    );
    expect(statuses.filter((s) => s === 'imported')).toHaveLength(100);
    expect(host.uploadsPeak()).toBeLessThanOrEqual(4);
    expect(host.uploadsPeak()).toBeGreaterThan(1);
    console.log(`100 concurrent uploads: ${elapsed} ms, peak buffered ${host.uploadsPeak()}`);
    await stillUp();
  }, 120_000);
});
