/**
 * The baseline for bench/host-load.ts: a bare node:http server over the same library doing
 * the same SQLite work (core's own handlers, called directly) with none of the web host's
 * layers: no token, Host or Origin check, no contract validation, no static files.
 *   node --import tsx bench/host-load-bare.ts <data-dir>   (prints "bare: http://127.0.0.1:<port>")
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandlers } from '../src/core/api';
import { createServices } from '../src/core/services';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: host-load-bare.ts <data-dir>');
const services = createServices({ dataDir, host: 'web' });
const handlers = createHandlers(services) as unknown as Record<string, (input: unknown) => unknown>;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const name = (req.url ?? '').replace(/^\/api\//, '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const handler = handlers[name];
    if (!handler) return reply(404, { ok: false });
    Promise.resolve()
      .then(() => handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')))
      .then(
        (value) => reply(200, { ok: true, value }),
        (e: unknown) => reply(200, { ok: false, error: { code: 'internal', message: String(e) } }),
      );
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare: http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void services.close().then(() => process.exit(0));
});
