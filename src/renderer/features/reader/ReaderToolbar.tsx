import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ReaderToolbarProps {
  page: number;
  numPages: number;
  zoom: number;
  hasOutline: boolean;
  outlineOpen: boolean;
  onToggleOutline(): void;
  onGoToPage(page: number): void;
  onZoom(dir: 1 | -1 | 0): void;
  onOpenFind(): void;
}

/** Outline toggle, zoom, page number with go-to-page, and the find button. */
export function ReaderToolbar(p: ReaderToolbarProps) {
  const { t } = useTranslation();
  // The field follows the page being read, except while the user is typing in it.
  const [draft, setDraft] = useState<string | null>(null);
  const fieldId = useId();
  useEffect(() => setDraft(null), [p.page]);
  const commit = () => {
    const n = Number(draft);
    if (draft !== null && Number.isInteger(n)) p.onGoToPage(Math.min(Math.max(n, 1), p.numPages));
    setDraft(null);
  };
  return (
    <div className="pdf-reader-toolbar" role="toolbar" aria-label={t('reader.tools')}>
      {p.hasOutline && (
        <button type="button" aria-expanded={p.outlineOpen} onClick={p.onToggleOutline}>
          {t('reader.outline')}
        </button>
      )}
      <span className="pdf-reader-group">
        <button
          type="button"
          aria-label={t('reader.zoomOut')}
          title={t('reader.zoomOut')}
          onClick={() => p.onZoom(-1)}
        >
          −
        </button>
        <output className="pdf-reader-zoom" aria-live="off">
          {t('reader.zoomLevel', { percent: Math.round(p.zoom * 100) })}
        </output>
        <button
          type="button"
          aria-label={t('reader.zoomIn')}
          title={t('reader.zoomIn')}
          onClick={() => p.onZoom(1)}
        >
          +
        </button>
        <button type="button" onClick={() => p.onZoom(0)} aria-pressed={p.zoom === 1}>
          {t('reader.fitWidth')}
        </button>
      </span>
      <span className="pdf-reader-group">
        <label htmlFor={fieldId}>{t('reader.page')}</label>
        <input
          id={fieldId}
          className="pdf-reader-page-field"
          inputMode="numeric"
          value={draft ?? String(p.page)}
          onChange={(e) => setDraft(e.target.value.replace(/\D/g, ''))}
          onFocus={(e) => e.target.select()}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
        <span className="muted">{t('reader.ofPages', { count: p.numPages })}</span>
      </span>
      <button
        type="button"
        className="pdf-reader-find-button"
        onClick={p.onOpenFind}
        aria-keyshortcuts="Control+F"
      >
        {t('reader.find.open')}
      </button>
    </div>
  );
}
