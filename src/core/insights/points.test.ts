import { describe, expect, it } from 'vitest';
import { jaccard, matchPoints, splitPoints, splitSentences, tokenSet } from './points';

describe('splitPoints', () => {
  it('takes each list item (with continuation lines) as one point', () => {
    const md = '- First point\n  continues here.\n* Second point.\n1. Third point.\n2) Fourth.';
    expect(splitPoints(md)).toEqual([
      'First point continues here.',
      'Second point.',
      'Third point.',
      'Fourth.',
    ]);
  });

  it('splits prose into sentences, keeping abbreviations and decimals', () => {
    expect(
      splitPoints('It works, e.g. on MNIST. Accuracy is 0.5 higher! Why? See Fig. 3 for details.'),
    ).toEqual(['It works, e.g. on MNIST.', 'Accuracy is 0.5 higher!', 'Why?', 'See Fig. 3 for details.']);
  });

  it('handles prose before a list, headings, blank items and CJK full stops', () => {
    const md = 'Main concerns follow. Two of them.\n\n### Details\n- One.\n-   \n- Two.';
    expect(splitPoints(md)).toEqual(['Main concerns follow.', 'Two of them.', 'One.', 'Two.']);
    expect(splitSentences('方法新颖。实验不足！')).toEqual(['方法新颖。', '实验不足！']);
    expect(splitPoints('')).toEqual([]);
    expect(splitPoints('**bold** start is not a bullet.')).toEqual(['**bold** start is not a bullet.']);
  });
});

describe('similarity and matching', () => {
  it('tokenizes case-insensitively, ignoring punctuation; CJK per character', () => {
    expect([...tokenSet('The GAT, the gat!')]).toEqual(['the', 'gat']);
    expect([...tokenSet('GPT模型很好')]).toEqual(['gpt', '模', '型', '很', '好']);
    expect(jaccard(tokenSet('Add an ablation study.'), tokenSet('Add an ablation on depth.'))).toBe(0.5);
  });

  it('matches at exactly the threshold and not below it', () => {
    // 3 shared of 6 distinct tokens = 0.5: a match; 2 of 5 = 0.4: not.
    expect(matchPoints(['Add an ablation study.'], ['Add an ablation on depth.']).matched).toBe(1);
    expect(matchPoints(['Add ablation study.'], ['Add ablation on depth.']).matched).toBe(0);
  });

  it('is greedy one-to-one by best similarity', () => {
    const draft = ['the model is slow', 'the model is slow and big'];
    const corrected = ['the model is slow and big', 'something else entirely'];
    const m = matchPoints(draft, corrected);
    // Draft 1 takes corrected 0 (similarity 1); draft 0 (0.667 with corrected 0) is left unmatched.
    expect(m.pairs).toEqual([[1, 0, 1]]);
    expect(m).toMatchObject({ draftPoints: 2, correctedPoints: 2, matched: 1 });
  });

  it('breaks ties by earlier draft point, then earlier corrected point', () => {
    const m = matchPoints(['a b', 'a b'], ['a b', 'a b']);
    expect(m.pairs).toEqual([
      [0, 0, 1],
      [1, 1, 1],
    ]);
  });
});
