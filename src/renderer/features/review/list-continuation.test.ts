import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { insertNewlineContinueMarkup, markdown } from '@codemirror/lang-markdown';
import { listContinuation } from './list-continuation';

/** Types text one character at a time, as the keyboard does (userEvent input.type). */
function type(state: EditorState, text: string): EditorState {
  for (const ch of text) {
    const at = state.selection.main.head;
    state = state.update({
      changes: { from: at, insert: ch },
      selection: { anchor: at + 1 },
      userEvent: 'input.type',
    }).state;
  }
  return state;
}

function enter(state: EditorState): EditorState {
  let next = state;
  insertNewlineContinueMarkup({ state, dispatch: (tr) => (next = tr.state) });
  return next;
}

const start = (doc: string) =>
  EditorState.create({ doc, selection: { anchor: doc.length }, extensions: [markdown(), listContinuation] });

describe('list continuation', () => {
  it('keeps one marker when "- " is typed after Enter continued the list', () => {
    const s = type(enter(start('- first')), '- second');
    expect(s.doc.toString()).toBe('- first\n- second');
  });

  it('does the same for numbered items and for a different bullet', () => {
    expect(type(enter(start('1. one')), '2. two').doc.toString()).toBe('1. one\n2. two');
    expect(type(enter(start('- a')), '* b').doc.toString()).toBe('- a\n* b');
  });

  it('leaves a dash inside the item alone', () => {
    expect(type(enter(start('- a')), 'b - c').doc.toString()).toBe('- a\n- b - c');
  });
});
