import { describe, expect, it } from 'vitest';
import type { PaperSection } from '../../shared/paper';
import { serializePaper } from './serialize';

const section = (heading: string, text: string, kind: PaperSection['kind'] = 'body'): PaperSection => ({
  heading,
  kind,
  text,
  pages: [0, 0],
});

describe('serializePaper', () => {
  const paper = {
    title: 'Sparse Widgets for Dense Gadgets',
    abstract: 'We study widgets.',
    captions: ['Figure 1: A widget.'],
    sections: [
      section('Abstract', 'We study widgets.', 'abstract'),
      section('SPARSE WIDGETS  for Dense Gadgets', 'Ann Author, Bob Writer\nWidget University'),
      section('1 Introduction', 'Widgets are everywhere.'),
    ],
  };

  it('labels the parts and puts each section under its heading', () => {
    expect(serializePaper(paper, ['TITLE', 'ABSTRACT', 'CAPTIONS', 'CONTENT'])).toBe(
      '[TITLE]\nSparse Widgets for Dense Gadgets\n\n[ABSTRACT]\nWe study widgets.\n\n' +
        '[CAPTIONS]\nFigure 1: A widget.\n\n' +
        '[CONTENT]\nAnn Author, Bob Writer\nWidget University\n\n## 1 Introduction\nWidgets are everywhere.',
    );
  });

  it('does not promote a first section headed with the title (author lines) to a heading', () => {
    const content = serializePaper(paper, ['CONTENT']);
    expect(content.startsWith('[CONTENT]\nAnn Author')).toBe(true);
    expect(content).not.toContain('## SPARSE');
  });

  it('keeps a title-like heading that is not the first content section', () => {
    const later = { ...paper, sections: [section('1 Introduction', 'x'), section(paper.title, 'y')] };
    expect(serializePaper(later, ['CONTENT'])).toBe(
      `[CONTENT]\n## 1 Introduction\nx\n\n## ${paper.title}\ny`,
    );
  });
});
