import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../core/services';
import { insertPaper } from '../core/store/repos/papers';
import { startHost, type Host } from './server';
import { extraRoutes } from './routes';
import { tempDir } from '../../test/support/temp';

describe('GET /papers/<id>.pdf', () => {
  const dir = tempDir();
  const token = 'pdf-route-token';
  // A tiny "PDF": the route serves bytes, it does not parse them.
  const bytes = Buffer.from('%PDF-1.4\n% reader route test\n%%EOF\n');
  const id = createHash('sha256').update(bytes).digest('hex');
  const textOnlyId = 'b'.repeat(64);
  let services: Services;
  let host: Host;
  let base: string;

  beforeAll(async () => {
    const web = join(dir.path, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    services = createServices({ dataDir: join(dir.path, 'data'), host: 'web' });
    writeFileSync(join(services.paths.papers, `${id}.pdf`), bytes);
    insertPaper(services.db, { id, title: 'With PDF', fileName: 'a.pdf' });
    insertPaper(services.db, { id: textOnlyId, title: 'Text only', hasPdf: false });
    // A file that exists next to the papers folder: traversal must never reach it.
    writeFileSync(join(services.paths.root, 'secret.pdf'), 'secret');
    host = await startHost({ services, webRoot: web, port: 0, token, routes: extraRoutes(services) });
    base = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await services.close();
    dir.remove();
  });

  const get = (path: string, auth = true) =>
    fetch(base + path, { headers: auth ? { 'x-prs-token': token } : {} });

  it('serves the stored bytes as application/pdf', async () => {
    const r = await get(`/papers/${id}.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-length')).toBe(String(bytes.length));
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('requires the token like every other request', async () => {
    expect((await get(`/papers/${id}.pdf`, false)).status).toBe(401);
    const cookie = await fetch(`${base}/papers/${id}.pdf`, { headers: { cookie: `prs_token=${token}` } });
    expect(cookie.status).toBe(200);
    const foreign = await fetch(`${base}/papers/${id}.pdf`, {
      headers: { 'x-prs-token': token, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('answers 404 for unknown papers, bad ids and papers without a PDF', async () => {
    for (const path of [
      `/papers/${'a'.repeat(64)}.pdf`, // well-formed, not in the library
      `/papers/${textOnlyId}.pdf`, // text-only paper
      `/papers/${id.toUpperCase()}.pdf`,
      `/papers/${id}`,
      `/papers/${id}.pdf.bak`,
      '/papers/xyz.pdf',
      '/papers/',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('refuses path traversal', async () => {
    for (const path of [
      '/papers/..%2fsecret.pdf',
      '/papers/%2e%2e%2fsecret.pdf',
      '/papers/..%5csecret.pdf',
      `/papers/${id}.pdf%00`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain('secret');
    }
  });
});
