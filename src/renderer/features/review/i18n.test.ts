import { describe, expect, it } from 'vitest';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('review strings', () => {
  it('has every key in English and Simplified Chinese, all under review.*', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    expect(Object.keys(en)).toEqual(['review']);
  });

  it('has a string for every literal key the workspace asks for', () => {
    const known = new Set(keys(en).map((k) => k.replace(/_(one|other)$/, '')));
    // The workspace's sources as text (Vite's glob: no Node APIs in the renderer).
    const sources = import.meta.glob<string>(['./*.tsx', './*.ts', '!./*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const asked = Object.values(sources).flatMap((text) =>
      [...text.matchAll(/\bt\('(review\.[\w.]+)'/g)].map((m) => m[1]!),
    );
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((k) => !known.has(k))).toEqual([]);
  });
});
