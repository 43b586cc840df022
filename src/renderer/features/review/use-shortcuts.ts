import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  approve(): void;
  approveUnchanged(): void;
  skip(): void;
  reject(): void;
  previous(): void;
  next(): void;
  cite(): void;
  toggleDiff(): void;
  sideBySide(): void;
  regenerate(): void;
  find(): void;
  help(): void;
  /** Label n (1-based, in the order the labels are listed). */
  label(n: number): void;
  /** Focus section n (1-based, in template order). */
  section(n: number): void;
}

/** True while focus is somewhere a typed character means text (editors, inputs). */
function typing(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  if (!el) return false;
  return (
    el.isContentEditable || el.closest('.cm-editor') !== null || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
  );
}

/** The action for a chorded key (works inside editors too); see shortcut-keys.ts. */
function chorded(e: KeyboardEvent, a: ShortcutActions): (() => void) | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey) {
    if (e.key === 'Enter') return e.shiftKey ? a.approveUnchanged : a.approve;
    if (e.shiftKey) return undefined;
    const k = e.key.toLowerCase();
    return k === 'd' ? a.toggleDiff : k === 'r' ? a.regenerate : k === 'f' ? a.find : undefined;
  }
  if (e.altKey && !mod && !e.shiftKey) {
    if (e.key === 'ArrowLeft') return a.previous;
    if (e.key === 'ArrowRight') return a.next;
    return { KeyS: a.skip, KeyX: a.reject, KeyC: a.cite, KeyD: a.sideBySide }[e.code];
  }
  return undefined;
}

/** Single keys, only outside editors and fields: digits for labels, Shift+digit for sections, `?`. */
function single(e: KeyboardEvent, a: ShortcutActions): (() => void) | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return undefined;
  const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
  if (digit) return e.shiftKey ? () => a.section(Number(digit)) : () => a.label(Number(digit));
  return e.key === '?' ? a.help : undefined;
}

/**
 * The workspace's keyboard map (keys in shortcut-keys.ts). Listens in the capture phase so
 * chorded keys win over the editor's own bindings and the browser's (reload, bookmark,
 * find). Nothing fires while a modal dialog is open: its own buttons and fields own the keys.
 */
export function useWorkspaceShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || document.querySelector('dialog[open]')) return;
      const run = chorded(e, ref.current) ?? single(e, ref.current);
      if (!run) return;
      e.preventDefault();
      e.stopPropagation();
      run();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
