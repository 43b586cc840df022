import { describe, expect, it } from 'vitest';
import {
  findAll,
  locateQuote,
  markItemHtml,
  normalize,
  normalizeQuery,
  spanToItemRanges,
  type TextItemLite,
} from './text-index';

const items = (...lines: Array<string | [string, boolean]>): TextItemLite[] =>
  lines.map((l) =>
    typeof l === 'string'
      ? { str: l, eol: false, x: 0, y: 0, h: 10 }
      : { str: l[0], eol: l[1], x: 0, y: 0, h: 10 },
  );

describe('text index', () => {
  const page = items(
    'Graph ',
    'Convolutional',
    ['  Recurrent', true],
    'Network for graph',
    ['-structured data.', true],
    'A graph again',
  );

  it('normalizes case and whitespace, joining lines with one space', () => {
    const n = normalize(page, 'find');
    expect(n.text).toBe('graph convolutional recurrent network for graph-structured data. a graph again');
    expect(n.text.length).toBe(n.item.length);
    expect(normalizeQuery('  Convolutional\n Recurrent ', 'find')).toBe('convolutional recurrent');
  });

  it('finds every match and maps it back to text item ranges, across items', () => {
    const n = normalize(page, 'find');
    expect(findAll(n.text, 'graph').length).toBe(3);
    const [span] = findAll(n.text, normalizeQuery('convolutional recurrent', 'find'));
    // Item 1 fully, then in item 2 the space kept of its two leading spaces and "Recurrent".
    expect([...spanToItemRanges(n, span!)]).toEqual([
      [1, [[0, 13]]],
      [
        2,
        [
          [0, 1],
          [2, 11],
        ],
      ],
    ]);
    expect(findAll(n.text, '')).toEqual([]);
  });

  it('locates a quote whatever its line breaks, using context to pick an occurrence', () => {
    const c = normalize(page, 'compact');
    expect(locateQuote(c, 'recurrent\nNetwork')).not.toBeNull();
    expect(locateQuote(c, 'not on this page')).toBeNull();
    const first = locateQuote(c, 'graph', '', 'convolutional')!;
    const last = locateQuote(c, 'graph', 'data. A', 'again')!;
    expect(first.start).toBe(0);
    expect(last.start).toBeGreaterThan(first.start);
    expect(c.text.slice(last.start - 1, last.end)).toBe('agraph');
  });

  it('escapes item text and wraps marked ranges', () => {
    expect(markItemHtml('a<b & c', [])).toBe('a&lt;b &amp; c');
    expect(markItemHtml('x<graph>y', [{ from: 2, to: 7, className: 'reader-match' }])).toBe(
      'x&lt;<mark class="reader-match">graph</mark>&gt;y',
    );
    expect(
      markItemHtml('abcdef', [
        { from: 3, to: 5, className: 'b' },
        { from: 0, to: 2, className: 'a' },
      ]),
    ).toBe('<mark class="a">ab</mark>c<mark class="b">de</mark>f');
  });
});
