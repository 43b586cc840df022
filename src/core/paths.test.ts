import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './paths';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then PAPER_REVIEW_HOME, then the OS folder', () => {
    expect(resolveDataDir('x', { PAPER_REVIEW_HOME: '/y' })).toBe(resolve('x'));
    expect(resolveDataDir(undefined, { PAPER_REVIEW_HOME: '/y' })).toBe('/y');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(
      join('/cfg', 'Paper Review Studio'),
    );
    expect(resolveDataDir(undefined, { APPDATA: 'C:/AppData' }, 'win32')).toContain('Paper Review Studio');
  });
});
