import { describe, expect, it } from 'vitest';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('reader strings', () => {
  it('has every key in English and Simplified Chinese, all under reader.*', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    expect(Object.keys(en)).toEqual(['reader']);
  });
});
