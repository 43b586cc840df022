import { describe, expect, it } from 'vitest';
import { BodyError, checkJsonDepth, Gate } from './body';

describe('checkJsonDepth', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const depth = (text: string) => checkJsonDepth(Buffer.from(text));

  it('counts arrays and objects, up to the limit and no further', () => {
    expect(() => depth(nest(64))).not.toThrow();
    expect(() => depth(`{"a":${nest(63)}}`)).not.toThrow();
    expect(() => depth(nest(65))).toThrow(BodyError);
    expect(() => depth(`{"a":${nest(64)}}`)).toThrow('The request body nests deeper than 64 levels.');
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(() => depth(JSON.stringify({ s: '['.repeat(1000) }))).not.toThrow();
    expect(() =>
      depth(JSON.stringify({ s: 'a\\"[[[' + '\\'.repeat(3) + '"' + '{'.repeat(500) })),
    ).not.toThrow();
    // After a string that ends in an escaped backslash, brackets count again.
    expect(() => depth(`["\\\\",${nest(64)}]`)).toThrow(BodyError);
  });

  it('skips a 50 MB string quickly', () => {
    const body = Buffer.from(JSON.stringify({ dataBase64: 'A'.repeat(50 * 1024 * 1024) }));
    const t0 = performance.now();
    checkJsonDepth(body);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe('Gate', () => {
  it('lets `limit` holders in, queues the rest in order, refuses past maxWaiting', async () => {
    const gate = new Gate(2, 1);
    const a = await gate.acquire();
    const b = await gate.acquire();
    let cIn = false;
    const c = gate.acquire().then((r) => ((cIn = true), r));
    expect(await gate.acquire()).toBeNull(); // the queue (1) is full
    await Promise.resolve();
    expect(cIn).toBe(false);
    a!();
    a!(); // a second release is a no-op
    const cRelease = await c;
    expect(cIn).toBe(true);
    expect(gate.peak).toBe(2);
    b!();
    cRelease!();
    expect(await gate.acquire()).not.toBeNull();
  });
});
