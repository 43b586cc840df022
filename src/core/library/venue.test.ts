import { describe, expect, it } from 'vitest';
import { venueAndYear } from './venue';

describe('venue and year from the first page', () => {
  it('reads the lines templates and publishers print', () => {
    const cases: Array<[string, string | null, number | null]> = [
      ['Title\nPublished as a conference paper at ICLR 2017\nAbstract', 'ICLR', 2017],
      ['Under review as a conference paper at ICLR 2020\n', 'ICLR', 2020],
      [
        '31st Conference on Neural Information Processing Systems (NIPS 2017), Long Beach, CA, USA.',
        'NeurIPS',
        2017,
      ],
      [
        'Appearing in Proceedings of the 28 th International Conference on Machine Learning, Bellevue, WA, USA, 2011.',
        'ICML',
        2011,
      ],
      [
        'IEEE TRANSACTIONS ON CIRCUITS AND SYSTEMS FOR VIDEO TECHNOLOGY, VOL. 7, NO. 5, OCTOBER 1997',
        'IEEE Transactions on Circuits and Systems for Video Technology',
        1997,
      ],
      ['PLOS ONE | https://doi.org\nPublished: June 13, 2018', 'PLOS ONE', 2018],
      ['arXiv:2004.04906v3 [cs.CL] 30 Sep 2020', 'arXiv', 2020],
      ['arXiv:submit/4819237 [cs.CL] 30 Mar 2023', 'arXiv', 2023],
      ['Copyright 2009 by the authors', null, 2009],
      ['A paper with no such line at all, citing (Smith et al., 2012).', null, null],
    ];
    for (const [text, venue, year] of cases) expect(venueAndYear(text), text).toEqual({ venue, year });
  });

  it('ignores implausible years', () => {
    expect(venueAndYear('Published as a conference paper at ICLR 2999').year).toBeNull();
  });
});
