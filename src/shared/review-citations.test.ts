import { describe, expect, it } from 'vitest';
import type { Anchor } from './contract/review';
import { citationText, reconcileAnchors } from './review-citations';

const anchor = (id: string, sectionId: string, quote: string, page: number): Anchor => ({
  id,
  sectionId,
  page,
  quote,
  before: '',
  after: '',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('reconcileAnchors', () => {
  const a = anchor('a', 'reject', 'We use "attention"  everywhere', 3);
  const b = anchor('b', 'accept', 'Clear results', 5);

  it('keeps anchors whose citation is in their section', () => {
    const sections = {
      reject: `No baselines.\n${citationText(a.quote, 3)}\n`,
      accept: citationText(b.quote, 5),
    };
    expect(reconcileAnchors([a, b], sections)).toEqual([a, b]);
  });

  it('drops an anchor whose citation was deleted or undone', () => {
    expect(reconcileAnchors([a, b], { reject: 'No baselines.', accept: citationText(b.quote, 5) })).toEqual([
      b,
    ]);
  });

  it('drops an anchor whose citation now names another page', () => {
    expect(reconcileAnchors([b], { accept: citationText(b.quote, 6) })).toEqual([]);
  });

  it('follows a citation moved to another section', () => {
    expect(reconcileAnchors([b], { accept: '', reject: citationText(b.quote, 5) })).toEqual([
      { ...b, sectionId: 'reject' },
    ]);
  });
});
