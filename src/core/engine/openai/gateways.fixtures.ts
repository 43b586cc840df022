import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Other servers' surfaces in front of a real llama-server (Ollama, vLLM and SGLang cannot be
 * installed here): each forwards what that server shares with llama.cpp and answers the rest
 * as that server does, so the backend's handling of each difference runs against real
 * decoding and a real tokenizer.
 */
export interface Gateway {
  url: string;
  server: Server;
}

type Route = (
  path: string,
  body: Buffer,
  res: ServerResponse,
  upstream: string,
) => Promise<boolean> | boolean;

async function forward(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const up = await fetch(upstream + (req.url ?? '/'), {
    method: req.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    ...(body.length ? { body } : {}),
  });
  res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
  res.end(Buffer.from(await up.arrayBuffer()));
}

async function gateway(upstream: string, route: Route): Promise<Gateway> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void (async () => {
        if (!(await route(req.url ?? '/', body, res, upstream))) await forward(upstream, req, body, res);
      })().catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const notFound = (res: ServerResponse) =>
  res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');

/** Ollama's: no /props, no /tokenize (both 404). */
export function ollamaLike(upstream: string): Promise<Gateway> {
  return gateway(upstream, (path, _body, res) => {
    if (!/^\/(props|tokenize)\b/.test(path)) return false;
    notFound(res);
    return true;
  });
}

/**
 * vLLM's (and SGLang's): no /props (404); /health an empty 200; /tokenize reads only
 * `prompt` and `add_special_tokens` (special-token text always parsed as such) and answers
 * `{count, max_model_len, tokens, token_strs}`.
 */
export function vllmLike(upstream: string, maxModelLen: number): Promise<Gateway> {
  return gateway(upstream, async (path, body, res) => {
    if (/^\/props\b/.test(path)) {
      notFound(res);
      return true;
    }
    if (/^\/health\b/.test(path)) {
      res.writeHead(200).end();
      return true;
    }
    if (!/^\/tokenize\b/.test(path)) return false;
    const asked = JSON.parse(body.toString('utf8')) as { prompt?: string; add_special_tokens?: boolean };
    if (typeof asked.prompt !== 'string') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"prompt is required"}');
      return true;
    }
    const up = await fetch(`${upstream}/tokenize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        content: asked.prompt,
        add_special: asked.add_special_tokens ?? true,
        parse_special: true,
      }),
    });
    const { tokens } = (await up.json()) as { tokens: number[] };
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ count: tokens.length, max_model_len: maxModelLen, tokens, token_strs: null }));
    return true;
  });
}
