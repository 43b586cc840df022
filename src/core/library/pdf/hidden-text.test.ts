import { describe, expect, it } from 'vitest';
import {
  EXPECTED_REASON,
  INJECTION,
  hiddenTextPdf,
  type HidingWay,
} from '../../../../test/support/hidden-text-pdfs';
import { extractPdf } from './extract';

const WAYS: HidingWay[] = ['invisible', 'white', 'tiny', 'off_page'];

describe('hidden text (prompt-injection defence)', () => {
  it('does not flag the same page without hidden text', async () => {
    const r = await extractPdf(await hiddenTextPdf('none'));
    expect(r.text.warnings).toEqual([]);
    expect(r.text.sections.map((s) => s.heading)).toEqual(['Abstract', '1 Introduction']);
  });

  it.each(WAYS)('flags text hidden as %s, with its reason and the injected words', async (way) => {
    const r = await extractPdf(await hiddenTextPdf(way));
    const w = r.text.warnings.find((x) => x.code === 'hidden_text');
    expect(w?.message).toMatch(/hidden text/i);
    expect(w?.passages).toEqual([{ page: 1, text: INJECTION, reason: EXPECTED_REASON[way] }]);
    // What a reader cannot see is not given to the model either; visible text is untouched.
    expect(r.fullText).not.toContain('Ignore previous instructions');
    expect(r.text.sections.find((s) => s.kind === 'abstract')?.text).toMatch(
      /^We study graph neural networks/,
    );
  });
});
