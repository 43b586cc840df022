import { describe, expect, it } from 'vitest';
import { EndReason, TrimEntry } from '../../shared/contract/engine';
import { SectionKind } from '../../shared/paper';
import { PaperFlag } from '../../shared/contract/library';

/**
 * Every UI string bundle — the shared one and each feature's own (features/<name>/i18n) —
 * has the same keys in English and Simplified Chinese, each with a real translation. A
 * feature added later is checked without editing this test: the glob finds its bundle.
 */
const files = {
  ...import.meta.glob<Tree>('./*.json', { eager: true, import: 'default' }),
  ...import.meta.glob<Tree>('../features/*/i18n/*.json', { eager: true, import: 'default' }),
};
const bundleOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const bundles = [...new Set(Object.keys(files).map(bundleOf))].sort();
const bundle = (dir: string, lng: string): Tree => {
  const tree = files[`${dir}/${lng}.json`];
  if (!tree) throw new Error(`${dir}/${lng}.json is missing`);
  return tree;
};

type Tree = { [k: string]: string | Tree };
const flat = (o: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flat(v, `${prefix}${k}.`),
  );
const read = (dir: string, lng: string) => new Map(flat(bundle(dir, lng)));

/** Names and formats that read the same in Chinese: the only values zh-CN may copy from en. */
const SAME_IN_BOTH = new Set([
  'paper.pdf',
  'system.gpuChoice.cuda',
  'system.gpuChoice.vulkan',
  'system.gpuChoice.metal',
  'exportPage.formats.alpaca',
  'exportPage.formats.sharegpt',
  'reader.zoomLevel',
  'review.scoreRange',
]);

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('i18n key parity, en and zh-CN, every bundle', () => {
  it('finds the shared bundle and the feature bundles', () => {
    expect(bundles).toContain('.');
    expect(bundles.length).toBeGreaterThanOrEqual(4);
    for (const dir of bundles) {
      expect(files[`${dir}/en.json`], `${dir}/en.json`).toBeDefined();
      expect(files[`${dir}/zh-CN.json`], `${dir}/zh-CN.json`).toBeDefined();
    }
  });

  it.each(bundles)('%s: same keys, translated, same placeholders', (dir) => {
    const en = read(dir, 'en');
    const zh = read(dir, 'zh-CN');
    expect(
      [...zh.keys()].filter((k) => !en.has(k)),
      'keys only in zh-CN',
    ).toEqual([]);
    expect(
      [...en.keys()].filter((k) => !zh.has(k)),
      'keys missing from zh-CN',
    ).toEqual([]);
    const untranslated = [...en].filter(
      ([k, v]) => !SAME_IN_BOTH.has(k) && (zh.get(k)?.trim() === '' || zh.get(k) === v),
    );
    expect(
      untranslated.map(([k]) => k),
      'zh-CN values that are empty or still English',
    ).toEqual([]);
    for (const [k, v] of en)
      expect(placeholders(zh.get(k) ?? ''), `${k} placeholders`).toEqual(placeholders(v));
  });

  it('has a translation for every value the UI shows from data (section kinds, trim actions, end reasons, flags)', () => {
    const en = read('.', 'en');
    const zh = read('.', 'zh-CN');
    const keys = [
      ...SectionKind.options.map((k) => `paper.kind.${k}`),
      ...TrimEntry.shape.action.options.map((a) => `enums.trimAction.${a}`),
      ...EndReason.options.map((r) => `enums.endReason.${r}`),
      ...PaperFlag.options.map((f) => `library.flag.${f}`),
    ];
    for (const k of keys) {
      expect(en.get(k), k).toBeTruthy();
      expect(zh.get(k), k).not.toBe(en.get(k));
    }
  });
});
