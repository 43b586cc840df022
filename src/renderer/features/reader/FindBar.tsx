import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindState } from './use-find';

/** Ctrl+F bar: Enter / Shift+Enter for next / previous, Escape closes. */
export function FindBar({
  find,
  focusToken,
  onClose,
}: {
  find: FindState;
  focusToken: number;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  // Each Ctrl+F (a new token) focuses the field and selects what was typed before.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);
  const total = find.hits.length;
  // While a long search runs, matches may exist before a current one is chosen.
  const count = !find.query.trim()
    ? ''
    : total > 0 && find.current >= 0
      ? t('reader.find.count', { current: find.current + 1, total })
      : find.searching
        ? t('reader.find.searching')
        : t('reader.find.none');
  return (
    <div className="pdf-reader-find" role="search">
      <input
        ref={input}
        type="text"
        aria-label={t('reader.find.label')}
        placeholder={t('reader.find.label')}
        value={find.query}
        onChange={(e) => find.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (e.shiftKey) find.previous();
            else find.next();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="pdf-reader-find-count" role="status">
        {count}
      </span>
      <BarButton label={t('reader.find.previous')} disabled={total === 0} onClick={find.previous}>
        ↑
      </BarButton>
      <BarButton label={t('reader.find.next')} disabled={total === 0} onClick={find.next}>
        ↓
      </BarButton>
      <BarButton label={t('reader.find.close')} onClick={onClose}>
        ×
      </BarButton>
    </div>
  );
}

/** An icon button named by its label (for screen readers and as its tooltip). */
function BarButton(p: { label: string; disabled?: boolean; onClick(): void; children: string }) {
  return (
    <button type="button" aria-label={p.label} title={p.label} disabled={p.disabled} onClick={p.onClick}>
      {p.children}
    </button>
  );
}
