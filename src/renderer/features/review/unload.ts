import type { SaveReviewInput } from '../../../shared/contract/review';

/** keepalive requests are capped at 64 KiB by browsers; larger ones go the normal way. */
const KEEPALIVE_LIMIT = 60 * 1024;

/**
 * A save that survives the page unloading. In the desktop app the IPC message is already
 * on its way when the call is made, so the normal client is fine (returns false). In a
 * browser an ordinary fetch is cancelled with the page; a keepalive fetch is not.
 */
export function unloadSave(input: SaveReviewInput): boolean {
  if (window.api) return false;
  const body = JSON.stringify(input);
  if (body.length > KEEPALIVE_LIMIT) return false;
  try {
    void fetch('/api/saveReview', {
      method: 'POST',
      keepalive: true,
      headers: {
        'content-type': 'application/json',
        'x-prs-token': sessionStorage.getItem('prs-token') ?? '',
      },
      body,
    }).catch(() => undefined);
    return true;
  } catch {
    return false;
  }
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
