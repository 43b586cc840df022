import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, ReviewTemplate, findTemplate } from '../../shared/templates';
import { SOURCE_FORMS, formByTemplate, identifyForm } from './forms';
import { mapReview, mapTarget } from './map-form';
import { splitByForm } from './split-form';

const NEURIPS_2025 = formByTemplate('neurips-2025');

describe('review forms', () => {
  it('are valid, immutable-by-id templates that findTemplate finds', () => {
    for (const t of BUILT_IN_TEMPLATES) expect(ReviewTemplate.parse(t)).toEqual(t);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.id)).size).toBe(BUILT_IN_TEMPLATES.length);
    for (const f of SOURCE_FORMS) {
      expect(findTemplate(f.template.id)).toBe(f.template);
      for (const id of Object.keys(f.headings)) expect(f.template.sections.map((s) => s.id)).toContain(id);
    }
  });

  it('are identified by venue or source text', () => {
    expect(identifyForm('NeurIPS 2025')?.template.id).toBe('neurips-2025@1');
    expect(identifyForm(null, 'NeurIPS.cc/2023/Conference')?.template.id).toBe('neurips-2023@1');
    expect(identifyForm(undefined, 'ICLR 2017 official reviews (PeerRead)')?.template.id).toBe('iclr-2017@1');
    expect(identifyForm('github.com/SakanaAI/AI-Scientist: an ICLR 2020 review')?.template.id).toBe(
      'ai-scientist@1',
    );
    expect(identifyForm('FixtureConf 2025', 'papers')).toBeUndefined();
    expect(() => formByTemplate('four-part')).toThrow(/not a known review form/);
  });
});

describe('splitByForm', () => {
  it("falls back to a looser heading match only where the form's own headings are absent", () => {
    const r = splitByForm(
      '## Summary\nS.\n**Strengths and Weaknesses**\nSW.\n### Questions:\nQ?\nlimitations\nL.',
      NEURIPS_2025,
    );
    expect(r.sections).toEqual({
      summary: 'S.',
      strengths_and_weaknesses: 'SW.',
      questions: 'Q?',
      limitations: 'L.',
    });
    // With the exact headings present, a Markdown "## Questions" inside a section is text.
    const exact = splitByForm('SUMMARY:\nS.\n## Questions\nmine\nQUESTIONS:\nQ?', NEURIPS_2025);
    expect(exact.sections.summary).toBe('S.\n## Questions\nmine');
    expect(exact.found).toEqual(['summary', 'questions']);
  });

  it('keeps a text without any heading whole in the first section', () => {
    const r = splitByForm('Just prose.\n\nMore prose.', NEURIPS_2025);
    expect(r.found).toEqual([]);
    expect(r.sections.summary).toBe('Just prose.\n\nMore prose.');
  });
});

describe('mapReview', () => {
  const review = {
    templateId: 'neurips-2025@1',
    sections: {
      summary: 'S.',
      strengths_and_weaknesses: 'Strengths:\n- good\nWeaknesses:\n- bad',
      questions: 'Q?',
      limitations: 'N/A',
    },
    scores: { Rating: 5, Confidence: 4 },
  };

  it('maps onto conference: splits strengths and weaknesses, carries only same-scale scores', () => {
    const m = mapReview(review, mapTarget('conference'));
    expect(m.templateId).toBe('conference@1');
    expect(m.sections).toEqual({
      summary: 'S.',
      strengths: '- good',
      weaknesses: '- bad',
      questions: 'Q?',
      limitations: 'N/A',
    });
    expect(m.scores).toEqual({ Confidence: 4 });
    expect(m.notes.join(' ')).toMatch(/Rating 5 \(1–6\) not carried: conference@1 rates Rating 1–10\./);
  });

  it('leaves a review alone when it is already in the target, and refuses other targets', () => {
    const conf = { templateId: 'conference@1', sections: { summary: 'x' }, scores: { Rating: 7 } };
    expect(mapReview(conf, mapTarget('conference@1'))).toEqual({ ...conf, notes: [] });
    expect(() => mapTarget('neurips-2025')).toThrow(/can be mapped onto four-part, conference/);
  });
});
