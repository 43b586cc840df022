import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { freePort } from '../../../../test/support/llama-server';
import { call, normalizeServerUrl, serverMessage } from './http';
import { sseEvents } from './sse';

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
}

async function collect(parts: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const d of sseEvents(streamOf(parts))) out.push(d);
  return out;
}

describe('server URLs and messages', () => {
  it('names the same root whatever base URL form a user types', () => {
    expect(normalizeServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl(' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl('http://localhost:11434/v1')).toBe('http://localhost:11434');
    expect(normalizeServerUrl('https://gpu.lab/llm/v1/')).toBe('https://gpu.lab/llm');
    expect(() => normalizeServerUrl('ftp://x')).toThrow(/must start with http/);
    expect(() => normalizeServerUrl('not a url')).toThrow(/is not a URL/);
    expect(() => normalizeServerUrl('http://user:key@host')).toThrow(/not in the URL/);
  });

  it("takes the server's own message out of each error dialect", () => {
    expect(
      serverMessage('{"error":{"code":400,"message":"bad prompt","type":"invalid_request_error"}}'),
    ).toBe('bad prompt');
    expect(serverMessage('{"object":"error","message":"model x does not exist"}')).toBe(
      'model x does not exist',
    );
    expect(serverMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(serverMessage('{"error":"Unauthorized"}')).toBe('Unauthorized');
    expect(serverMessage('plain\n text')).toBe('plain text');
    expect(serverMessage('')).toBe('(no message)');
    expect(serverMessage('x'.repeat(400))).toHaveLength(301);
  });

  it('reports a server that is not there as one line, without hanging', async () => {
    const port = await freePort();
    const err = await call({ url: `http://127.0.0.1:${port}`, key: null }, '/v1/models', {
      timeoutMs: 5000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe(
      `The server at http://127.0.0.1:${port} is not reachable (ECONNREFUSED).`,
    );
  });
});

describe('server-sent events', () => {
  it('yields data however the bytes are split, CRLF or LF, and stops at the end of the body', async () => {
    expect(await collect(['data: {"a":1}\n\n', 'data: [DONE]\n\n'])).toEqual(['{"a":1}', '[DONE]']);
    expect(await collect(['da', 'ta: {"a"', ':2}\r', '\n\r\n: comment\n\nevent: x\ndata: y\n\n'])).toEqual([
      '{"a":2}',
      'y',
    ]);
    expect(await collect(['data: one\ndata: two\n\n'])).toEqual(['one\ntwo']);
    // A body cut before its blank line yields its whole lines, never half a line.
    expect(await collect(['data: {"cut":true}\n'])).toEqual(['{"cut":true}']);
    expect(await collect(['data: {"a":1}\n\ndata: {"cu'])).toEqual(['{"a":1}']);
    expect(await collect([])).toEqual([]);
  });

  it('keeps multi-byte characters split across chunks whole', async () => {
    const bytes = new TextEncoder().encode('data: 模型\n\n');
    const s = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 8));
        c.enqueue(bytes.slice(8));
        c.close();
      },
    });
    const out: string[] = [];
    for await (const d of sseEvents(s)) out.push(d);
    expect(out).toEqual(['模型']);
  });
});

describe('a connection the server closed under us', () => {
  it('sends again while pooled connections turn out closed, at most 5 times more', async () => {
    const { createServer } = await import('node:net');
    let requests = 0;
    let dropAll = false;
    // A raw server that drops the first three requests' connections unanswered (what pooled
    // keep-alive sockets of a restarted server look like to the client), then answers.
    const server = createServer((sock) => {
      sock.once('data', () => {
        requests++;
        if (requests <= 3 || dropAll) return sock.destroy();
        sock.end(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
        );
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const res = await call({ url: `http://127.0.0.1:${port}`, key: null }, '/props', { timeoutMs: 5000 });
      expect(await res.json()).toEqual({});
      expect(requests).toBe(4);

      // Dropped every time: the sixth failure is the answer, as one line.
      requests = 0;
      dropAll = true;
      await expect(
        call({ url: `http://127.0.0.1:${port}`, key: null }, '/props', { timeoutMs: 5000 }),
      ).rejects.toThrow(/is not reachable \((UND_ERR_SOCKET|ECONNRESET)\)/);
      expect(requests).toBe(6);
    } finally {
      server.close();
    }
  });

  it('does not retry a refused connection', async () => {
    const port = await freePort();
    await expect(
      call({ url: `http://127.0.0.1:${port}`, key: null }, '/health', { timeoutMs: 5000 }),
    ).rejects.toThrow(/is not reachable \(ECONNREFUSED\)/);
  });
});
