import type { SaveReviewInput } from '../../../shared/contract/review';
import { callOnUnload } from '../../api/client';

/** A save that survives the page unloading; false when the normal save must be made instead. */
export function unloadSave(input: SaveReviewInput): boolean {
  return callOnUnload('saveReview', input);
}

/**
 * Active time on task: a second counts while the page is visible and the annotator did
 * something (key, pointer, scroll) in the last IDLE_MS. Reported through `report`.
 */
const IDLE_MS = 60_000;

export function trackActiveTime(report: (ms: number) => void): () => void {
  let last = Date.now();
  let lastInput = Date.now();
  const onInput = () => (lastInput = Date.now());
  const events = ['keydown', 'pointerdown', 'wheel', 'scroll'] as const;
  for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
  const tick = () => {
    const now = Date.now();
    if (document.visibilityState === 'visible' && now - lastInput < IDLE_MS) report(now - last);
    last = now;
  };
  const id = setInterval(tick, 1000);
  return () => {
    tick();
    clearInterval(id);
    for (const e of events) window.removeEventListener(e, onInput, { capture: true });
  };
}
