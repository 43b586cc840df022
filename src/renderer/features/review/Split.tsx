import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const KEY = 'workspace.split';
const MIN = 20;
const MAX = 80;
const clamp = (n: number) => Math.min(MAX, Math.max(MIN, n));

function stored(): number {
  const n = Number(localStorage.getItem(KEY));
  return Number.isFinite(n) && n > 0 ? clamp(n) : 50;
}

/**
 * Two panes with a draggable, keyboard-resizable separator (WAI-ARIA window splitter:
 * arrows move 2 %, Shift+arrows 10 %, Home/End to the limits). The split is remembered.
 */
export function Split({ left, right, label }: { left: ReactNode; right: ReactNode; label: string }) {
  const [pct, setPct] = useState(stored);
  const box = useRef<HTMLDivElement>(null);
  const set = (n: number) => {
    const v = clamp(Math.round(n * 10) / 10);
    setPct(v);
    localStorage.setItem(KEY, String(v));
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 2;
    const moves: Record<string, number> = {
      ArrowLeft: pct - step,
      ArrowRight: pct + step,
      Home: MIN,
      End: MAX,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    set(next);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId) || !box.current) return;
    const r = box.current.getBoundingClientRect();
    set(((e.clientX - r.left) / r.width) * 100);
  };
  return (
    <div className="split" ref={box} style={{ gridTemplateColumns: `${pct}% 6px minmax(0, 1fr)` }}>
      <div className="split-pane">{left}</div>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={pct}
        tabIndex={0}
        className="split-handle"
        onKeyDown={onKey}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
      />
      <div className="split-pane">{right}</div>
    </div>
  );
}
