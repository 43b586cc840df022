import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Anchor } from '../../../shared/contract/review';
import { reconcileAnchors, sameAnchors } from '../../../shared/review-citations';
import type { Autosave } from './autosave';

/** How long after the last edit the anchor list is checked against the text. */
const RECONCILE_MS = 250;

/**
 * The review's cited passages, kept in step with its text: a citation deleted (or undone)
 * drops its anchor a moment after typing stops, and a redo brings it back, since every
 * anchor seen this session is remembered. The server applies the same rule on every save
 * (src/shared/review-citations.ts), so what is stored never lists a citation the text lacks.
 */
export function useAnchors(
  initial: Anchor[] | undefined,
  resetKey: string,
  autosave: Autosave | null,
  read: () => Record<string, string>,
) {
  const [anchors, setAnchors] = useState<Anchor[]>([]);
  const current = useRef<Anchor[]>([]);
  const known = useRef(new Map<string, Anchor>());

  const publish = useCallback((next: Anchor[]) => {
    current.current = next;
    setAnchors(next);
  }, []);

  // Reset only when a (re)loaded review replaces the text.
  const reset = useEffectEvent(() => {
    for (const a of initial ?? []) known.current.set(a.id, a);
    publish(initial ?? []);
  });
  useEffect(() => reset(), [resetKey]);

  useEffect(() => {
    if (!autosave) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = autosave.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const next = reconcileAnchors([...known.current.values()], read());
        if (sameAnchors(current.current, next)) return;
        publish(next);
        autosave.set('anchors', next);
      }, RECONCILE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [autosave, read, publish]);

  const add = useCallback(
    (a: Anchor) => {
      known.current.set(a.id, a);
      const next = [...current.current, a];
      publish(next);
      autosave?.set('anchors', next);
    },
    [autosave, publish],
  );
  return { anchors, add };
}
