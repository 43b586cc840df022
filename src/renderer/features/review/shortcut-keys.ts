/**
 * The workspace's keys, in one table: the handler (use-shortcuts.ts), the shortcuts dialog
 * and every button's tooltip read it, so a key shown is always the key that works. "Mod" is
 * ⌘ on a Mac and Ctrl elsewhere. Letters are matched by physical key (KeyboardEvent.code),
 * so Alt+S works on a Mac, where Alt+S types "ß".
 */
export const KEYS = {
  approve: 'Mod+Enter',
  approveUnchanged: 'Mod+Shift+Enter',
  skip: 'Alt+S',
  reject: 'Alt+X',
  previous: 'Alt+←',
  next: 'Alt+→',
  cite: 'Alt+C',
  toggleDiff: 'Mod+D',
  sideBySide: 'Alt+D',
  regenerate: 'Mod+R',
  find: 'Mod+F',
  leaveEditor: 'Esc',
  labels: '1 … 9',
  sections: 'Shift+1 … 9',
  help: '?',
} as const;
export type ShortcutName = keyof typeof KEYS;

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The key as the user's platform writes it. */
export function keyLabel(name: ShortcutName): string {
  return KEYS[name].replace('Mod', isMac() ? '⌘' : 'Ctrl');
}

/** A button's tooltip: what it does, then its key. */
export function withKey(text: string, name: ShortcutName): string {
  return `${text} (${keyLabel(name)})`;
}
