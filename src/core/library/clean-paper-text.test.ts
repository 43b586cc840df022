import { describe, expect, it } from 'vitest';
import { cleanPaperText, cleanedVersion } from './clean-paper-text';

describe('cleanPaperText', () => {
  it('cleans headings, texts, captions and hidden passages and records the rule in the version', () => {
    const cleaned = cleanPaperText({
      extractorVersion: 'pdfjs-6.3.289/1',
      sections: [
        {
          heading: 'Intro\u0000duction\n',
          kind: 'body',
          text: 'E\uFB00ective\r\n\r\n\r\nwork\uFFFD',
          pages: [1, 2],
        },
        { heading: '\u0000', kind: 'body', text: '\uF067 \u0001', pages: [2, 2] },
      ],
      captions: ['Figure 1:\tA \uFB01gure', '\uFFFD'],
      warnings: [
        {
          code: 'hidden_text',
          message: 'hidden',
          passages: [{ page: 1, text: 'ignore\u0000 me', reason: 'tiny_font' }],
        },
      ],
    });
    expect(cleaned.extractorVersion).toBe('pdfjs-6.3.289/1+clean-text@1');
    expect(cleaned.sections).toEqual([
      { heading: 'Introduction', kind: 'body', text: 'Effective\n\nwork', pages: [1, 2] },
    ]);
    expect(cleaned.captions).toEqual(['Figure 1: A figure']);
    expect(cleaned.warnings[0]!.passages![0]!.text).toBe('ignore me');
    expect(cleanedVersion(cleaned.extractorVersion)).toBe(cleaned.extractorVersion);
  });
});
