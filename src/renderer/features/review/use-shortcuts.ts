import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  approve(): void;
  previous(): void;
  next(): void;
  toggleDiff(): void;
  regenerate(): void;
  find(): void;
  help(): void;
}

/** True while focus is somewhere a typed character means text (editors, inputs). */
function typing(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  if (!el) return false;
  return el.isContentEditable || el.closest('.cm-editor') !== null || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/**
 * The workspace's keyboard map. Listens in the capture phase so Ctrl/Cmd+Enter, Ctrl+D,
 * Ctrl+R, Ctrl+F and Alt+←/→ win over the editor's own bindings and the browser's
 * (reload, bookmark, find). Only chorded keys work inside an editor; `?` only outside.
 */
export function useWorkspaceShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const mod = e.ctrlKey || e.metaKey;
      const a = ref.current;
      let run: (() => void) | undefined;
      if (mod && !e.altKey && !e.shiftKey && e.key === 'Enter') run = a.approve;
      else if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'd') run = a.toggleDiff;
      else if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'r') run = a.regenerate;
      else if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') run = a.find;
      else if (e.altKey && !mod && !e.shiftKey && e.key === 'ArrowLeft') run = a.previous;
      else if (e.altKey && !mod && !e.shiftKey && e.key === 'ArrowRight') run = a.next;
      else if (e.key === '?' && !mod && !e.altKey && !typing(e.target)) run = a.help;
      if (!run) return;
      e.preventDefault();
      e.stopPropagation();
      run();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
