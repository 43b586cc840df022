import { EditorState, type Transaction, type TransactionSpec } from '@codemirror/state';

/** An indent (and any quote marks), then a list marker, a space, a second marker and a space. */
const DOUBLED = /^(\s*(?:>\s?)*)([-*+]|\d+[.)]) ([-*+]|\d+[.)]) $/;

/**
 * Enter in a list item continues the list ("- " on the new line, from lang-markdown). An
 * annotator who then types "- " by habit got "- - ". Typing a marker over a marker that
 * was just continued keeps only the typed one: the line reads "- " again.
 */
export const listContinuation = EditorState.transactionFilter.of(
  (tr): Transaction | readonly (Transaction | TransactionSpec)[] => {
    if (!tr.docChanged || !tr.isUserEvent('input.type')) return tr;
    const head = tr.newSelection.main;
    if (!head.empty) return tr;
    let typedSpace = false;
    tr.changes.iterChanges((_fa, _ta, _fb, toB, inserted) => {
      if (toB === head.head && inserted.toString().endsWith(' ')) typedSpace = true;
    });
    if (!typedSpace) return tr;
    const line = tr.newDoc.lineAt(head.head);
    const m = DOUBLED.exec(line.text.slice(0, head.head - line.from));
    if (!m) return tr;
    const first = line.from + m[1]!.length;
    return [tr, { changes: { from: first, to: first + m[2]!.length + 1 }, sequential: true }];
  },
);
