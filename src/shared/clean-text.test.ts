import { describe, expect, it } from 'vitest';
import { CLEAN_TEXT_RULE, cleanText } from './clean-text';

describe('cleanText', () => {
  it('names its rule with a versioned id', () => {
    expect(CLEAN_TEXT_RULE).toMatch(/^clean-text@\d+: /);
  });

  it('removes NUL and other C0/C1 controls, keeps line breaks, turns tabs into spaces', () => {
    expect(cleanText('Overall,\n\u0000\n\u0000\u0000\nthe end')).toBe('Overall,\n\nthe end');
    expect(cleanText('a\u0001b\u001Fc\u007Fd\u0080e\u009Ff')).toBe('abcdef');
    expect(cleanText('Training\tSteps')).toBe('Training Steps');
    expect(cleanText('a\r\nb\rc\u0085d\u2028e\u000Cf')).toBe('a\nb\nc\nd\ne\nf');
  });

  it('removes U+FFFD, U+FFFC, noncharacters, zero-width junk and lone surrogates', () => {
    expect(cleanText('x \uFFFD y\uFFFC')).toBe('x y');
    expect(cleanText('a\uFDD0b\uFFFEc\uFFFFd\uD83F\uDFFFe')).toBe('abcde');
    expect(cleanText('\uFEFFword\u200Bs\u2060!')).toBe('words!');
    expect(cleanText('a\uD835b\uDC1Ac')).toBe('abc');
    // A real astral character (mathematical bold X) is kept.
    expect(cleanText('\uD835\uDC17')).toBe('\uD835\uDC17');
  });

  it('maps ligatures and the known Symbol-font private-use glyphs, drops other private use', () => {
    expect(cleanText('\uFB01nd the \uFB02ow, e\uFB00ect, o\uFB03ce, wa\uFB04e')).toBe(
      'find the flow, effect, office, waffle',
    );
    expect(cleanText('X = \uF8EE a \uF8F9')).toBe('X = \u23A1 a \u23A4');
    expect(cleanText('Frame\n\uF067\nT \uE23F and \uDB80\uDC00!')).toBe('Frame\n\nT and !');
  });

  it('normalizes to NFC and turns Unicode spaces into plain spaces', () => {
    expect(cleanText('Mic\u0065\u0308l')).toBe('Mic\u00EBl');
    expect(cleanText('10\u00A0%\u2009of\u3000it')).toBe('10 % of it');
    expect(cleanText('Vicuna\u00AD7B')).toBe('Vicuna-7B');
  });

  it('collapses spaces, trims line ends, keeps indentation and at most one blank line', () => {
    expect(cleanText('  a   b  \n\n\n\n  \n- x\n    - nested\n\t- tabbed \n')).toBe(
      'a b\n\n- x\n    - nested\n    - tabbed',
    );
  });

  it('makes titles and headings one line when asked', () => {
    expect(cleanText('A Title\nOn Two Lines\t', { singleLine: true })).toBe('A Title On Two Lines');
  });

  it('is idempotent', () => {
    const messy = ' \uFEFFA\uFB01\r\n\t\tb\u0000\u00A0 c\u2029\u2029\uF8F4d \uFFFD\n\n\n';
    const once = cleanText(messy);
    expect(cleanText(once)).toBe(once);
    expect(cleanText(once, { singleLine: true })).toBe(cleanText(messy, { singleLine: true }));
  });
});
