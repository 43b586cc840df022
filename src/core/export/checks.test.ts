import { describe, expect, it } from 'vitest';
import { words } from '../../shared/text-metrics';
import { wordKey } from './checks';

describe('wordKey', () => {
  it("equals words(text).join(' ') — the duplicate check's definition", () => {
    const ws = [' ', '\n', '\t', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\v\f'];
    const cases = ['', '   ', 'one', '  lead and trail  ', '## Summary\n\nGood  paper.\n', ws.join('x')];
    for (const w of ws) cases.push(`${w}a${w}${w}b${w}`);
    for (const t of cases) expect(wordKey(t)).toBe(words(t).join(' '));
  });
});
