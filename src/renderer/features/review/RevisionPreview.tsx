import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewTemplate } from '../../../shared/templates';
import { api } from '../../api/client';
import { Modal } from './dialogs';
import { MergeDiff } from './MergeDiff';

export interface PreviewTarget {
  id: number;
  /** The revision's number as the list shows it (1 = oldest). */
  n: number;
}

interface Props {
  target: PreviewTarget;
  template: ReviewTemplate;
  current: Record<string, string>;
  onRestore(): void;
  onCancel(): void;
}

/** What a restore would change, section by section (current text left, the revision right), before it happens. */
export function RevisionPreview({ target, template, current, onRestore, onCancel }: Props) {
  const { t } = useTranslation();
  const [sections, setSections] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.getReviewRevision({ revisionId: target.id }).then((r) => {
      if (!live) return;
      if (r.ok) setSections(r.value.sections);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [target.id]);
  const changed = sections
    ? template.sections.filter((s) => (current[s.id] ?? '') !== (sections[s.id] ?? ''))
    : [];
  return (
    <Modal title={t('review.history.previewTitle', { n: target.n })} onClose={onCancel}>
      <div className="revision-preview" aria-busy={!sections && !error}>
        {error && <p role="alert">{error}</p>}
        {sections && changed.length === 0 && <p className="muted">{t('review.history.sameText')}</p>}
        {sections &&
          changed.map((s) => (
            <article key={s.id} aria-label={t('review.history.previewSection', { title: s.title })}>
              <h4>{s.title}</h4>
              <MergeDiff
                a={current[s.id] ?? ''}
                b={sections[s.id] ?? ''}
                labelA={t('review.history.currentSide', { title: s.title })}
                labelB={t('review.history.revisionSide', { title: s.title, n: target.n })}
              />
            </article>
          ))}
      </div>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onCancel}>
          {t('review.history.cancel')}
        </button>
        <button type="button" className="primary" disabled={!sections} onClick={onRestore}>
          {t('review.history.confirmRestore', { n: target.n })}
        </button>
      </div>
    </Modal>
  );
}
