import { describe, expect, it } from 'vitest';
import { isLowInformation, lowInformationSections } from './review-quality';

describe('lowInformationSections', () => {
  it('flags whole answers that are a bare yes/no/n.a. token, whatever the case and punctuation', () => {
    for (const a of [
      'yes',
      'Yes.',
      'YES',
      ' no ',
      'No.',
      'N/A',
      'N/A.',
      'na',
      'NA',
      'n.a.',
      'None',
      'none.',
    ]) {
      expect(isLowInformation(a), a).toBe(true);
    }
    for (const a of ['-', '.', '**Not applicable.**', 'Not  applicable', 'nan', '(none)', 'Yes!']) {
      expect(isLowInformation(a), a).toBe(true);
    }
  });

  it('keeps answers with content, and does not call an empty answer low-information', () => {
    for (const a of [
      'Yes, in Section 4.',
      'No limitations are discussed.',
      'See weaknesses.',
      'Why widgets?',
      '',
    ]) {
      expect(isLowInformation(a), a).toBe(false);
    }
  });

  it('returns the section ids in order', () => {
    expect(
      lowInformationSections({
        summary: 'The paper makes widgets sparse.',
        strengths_and_weaknesses: 'Good.',
        questions: 'N/A',
        limitations: 'yes',
      }),
    ).toEqual(['questions', 'limitations']);
    expect(lowInformationSections({})).toEqual([]);
  });
});
