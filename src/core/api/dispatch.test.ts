import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { createServices, type Services } from '../services';
import { createHandlers, dispatch, type Handlers } from '.';
import { tempDir } from '../../../test/support/temp';

describe('dispatch', () => {
  const dir = tempDir();
  let services: Services;
  let handlers: Handlers;
  beforeAll(() => {
    services = createServices({ dataDir: dir.path, host: 'web' });
    handlers = createHandlers(services);
  });
  afterAll(async () => {
    await services.close();
    dir.remove();
  });

  it('binds a handler for every contract method', () => {
    for (const name of METHOD_NAMES) expect(typeof handlers[name], name).toBe('function');
  });

  // Every method takes an object; these are never valid, whatever the method.
  const garbage: unknown[] = ['not an object', 42, [1, 2, 3], true];
  it.each(METHOD_NAMES)('%s rejects invalid payloads with a validation error', async (name) => {
    for (const input of garbage) {
      const result = await dispatch(handlers, name, input);
      expect(result.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toContain(name);
      }
    }
  });

  it('rejects an unknown method', async () => {
    const r = await dispatch(handlers, 'dropAllTables', {});
    expect(r).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Unknown method "dropAllTables".' },
    });
  });

  it('rejects prototype keys as method names', async () => {
    const r = await dispatch(handlers, 'constructor', {});
    expect(r.ok).toBe(false);
  });

  it('round-trips settings', async () => {
    const w = await dispatch(handlers, 'updateSettings', { annotator: '  Ada  ', language: 'zh-CN' });
    expect(w).toMatchObject({ ok: true, value: { annotator: 'Ada', language: 'zh-CN' } });
    const r = await dispatch(handlers, 'getSettings', {});
    expect(r).toMatchObject({ ok: true, value: { annotator: 'Ada', theme: 'system' } });
  });

  it('turns a handler failure into an error value', async () => {
    const failing = {
      ...handlers,
      getStats: () => {
        throw new Error('disk on fire');
      },
    } as Handlers;
    expect(await dispatch(failing, 'getStats', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
  });
});
