import { describe, expect, it } from 'vitest';
import { parseJson } from './json';

describe('parseJson', () => {
  it('parses a JSON column and falls back on missing or damaged values', () => {
    expect(parseJson('{"a":1}', {})).toEqual({ a: 1 });
    expect(parseJson('[1,2]', [])).toEqual([1, 2]);
    expect(parseJson('not json', { x: 0 })).toEqual({ x: 0 });
    expect(parseJson(null, [])).toEqual([]);
    expect(parseJson(undefined, 'd')).toBe('d');
    expect(parseJson('', {})).toEqual({});
  });
});
