import { describe, expect, it } from 'vitest';
import { CONFERENCE, FOUR_PART } from './templates';
import { matchSection, parseReview, parseReviewIntoTemplate, renderReview } from './review-markdown';

describe('review markdown', () => {
  it('round-trips the canonical form', () => {
    const sections = {
      summary: 'It does X.',
      strengths: '- clear\n- fast',
      weaknesses: 'Small data.',
      questions: 'Why?',
      limitations: 'None stated.',
    };
    const scores = { Rating: 6, Confidence: 4 };
    const text = renderReview(sections, scores, CONFERENCE);
    expect(text).toContain('## Summary\n\nIt does X.');
    expect(text).toContain('**Rating:** 6\n**Confidence:** 4');
    expect(parseReview(text, CONFERENCE)).toEqual({ sections, scores, unmatched: '' });
  });

  it('tolerates headings that stray: levels, bold, numbered, shortened, with inline text', () => {
    const text = [
      'Here is my review.',
      '# Significance & Novelty',
      'New idea.',
      '**Reasons for acceptance:** Strong results.',
      '2) Potential reasons for rejection',
      'Weak baselines.',
      '### Sub-point inside rejection',
      'More detail.',
      'Suggestions for improvement:',
      'Add ablations.',
    ].join('\n');
    const r = parseReview(text, FOUR_PART);
    expect(r.unmatched).toBe('Here is my review.');
    expect(r.sections.significance).toBe('New idea.');
    expect(r.sections.accept).toBe('Strong results.');
    expect(r.sections.reject).toBe('Weak baselines.\n### Sub-point inside rejection\nMore detail.');
    expect(r.sections.suggestions).toBe('Add ablations.');
  });

  it('reads score variants and keeps out-of-range scores as unmatched', () => {
    const r = parseReview('## Summary\nok\nRating: 7/10\n- **Confidence**: 9', CONFERENCE);
    expect(r.scores).toEqual({ Rating: 7 });
    expect(r.unmatched).toBe('- **Confidence**: 9');
  });

  it('does not take an unrelated heading for a section', () => {
    expect(matchSection('Experimental setup', FOUR_PART)).toBeUndefined();
    expect(matchSection('Novelty and significance', FOUR_PART)).toBe('significance');
    expect(matchSection('Weaknesses', CONFERENCE)).toBe('weaknesses');
  });

  it('keeps a draft with no recognisable structure whole', () => {
    const r = parseReview('just some text\nmore text', FOUR_PART);
    expect(r.sections).toEqual({});
    expect(r.unmatched).toBe('just some text\nmore text');
  });

  it('parses a whole review into every template section, leaving nothing aside', () => {
    const text =
      'Preamble line.\n## Summary\nIt does X.\n## Related work\nSee Y.\n**Rating:** 42\n**Confidence:** 4\n';
    const got = parseReviewIntoTemplate(text, CONFERENCE);
    expect(got.sections.summary).toBe(
      'Preamble line.\n**Rating:** 42\n\nIt does X.\n## Related work\nSee Y.',
    );
    expect(got.sections.weaknesses).toBe('');
    expect(Object.keys(got.sections)).toEqual(CONFERENCE.sections.map((x) => x.id));
    expect(got.scores).toEqual({ Confidence: 4 });
    expect(got.unknownHeadings).toEqual(['Related work']);
  });
});
