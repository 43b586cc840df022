import { useEffect, useRef } from 'react';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

interface Props {
  /** Left side (the older text: the draft, or the current text before a restore). */
  a: string;
  /** Right side (the newer text: the review, or the revision to restore). */
  b: string;
  labelA: string;
  labelB: string;
}

const readOnly = (label: string) => [
  EditorView.lineWrapping,
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  EditorView.contentAttributes.of({ 'aria-label': label }),
];

/**
 * Two texts side by side with changed lines and words marked (@codemirror/merge), read
 * only. Rebuilt when either text changes; callers debounce live text themselves.
 */
export function MergeDiff({ a, b, labelA, labelB }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new MergeView({
      parent: host.current!,
      a: { doc: a, extensions: readOnly(labelA) },
      b: { doc: b, extensions: readOnly(labelB) },
      highlightChanges: true,
      gutter: true,
    });
    return () => view.destroy();
  }, [a, b, labelA, labelB]);
  return <div ref={host} className="merge-diff" />;
}
