import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diffWords, type ChangeObject } from 'diff';
import { normalizedEditDistance, roundMetric } from '../../../shared/text-metrics';
import type { ReviewTemplate } from '../../../shared/templates';
import type { Autosave } from './autosave';
import { MergeDiff } from './MergeDiff';
import { withKey } from './shortcut-keys';

interface Props {
  /** Side by side (merge view) rather than inline; the toggle lives in the workspace (Alt+D). */
  sideBySide: boolean;
  onSideBySide(on: boolean): void;
  template: ReviewTemplate;
  draft: Record<string, string> | null;
  /** The current text of every section (read from the editors). */
  read(): Record<string, string>;
  autosave: Autosave;
}

const RECOMPUTE_MS = 300;

/**
 * The review against its draft, word by word, per section, with the normalized edit
 * distance (src/shared/text-metrics, the definition export uses). Recomputed a moment after
 * typing stops, and only while shown, so the editor never waits on it.
 */
export function DiffView({ sideBySide, onSideBySide, template, draft, read, autosave }: Props) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = autosave.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setCurrent(read()), RECOMPUTE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [autosave, read]);
  if (!draft) return <p className="muted">{t('review.diff.noDraft')}</p>;
  const all = (m: Record<string, string>) => template.sections.map((s) => m[s.id] ?? '').join('\n\n');
  const total = roundMetric(normalizedEditDistance(all(draft), all(current)));
  return (
    <section className="diff-view" aria-label={t('review.diff.title')}>
      <h3>
        {t('review.diff.title')}{' '}
        <output aria-label="Edit distance">{t('review.diff.distance', { value: total.toFixed(3) })}</output>
      </h3>
      <div role="radiogroup" aria-label={t('review.diff.layout')} className="diff-layout">
        <label>
          <input type="radio" name="diff-layout" checked={!sideBySide} onChange={() => onSideBySide(false)} />{' '}
          {t('review.diff.inline')}
        </label>
        <label title={withKey(t('review.diff.sideBySide'), 'sideBySide')}>
          <input type="radio" name="diff-layout" checked={sideBySide} onChange={() => onSideBySide(true)} />{' '}
          {t('review.diff.sideBySide')}
        </label>
      </div>
      {template.sections.map((s) => {
        const a = draft[s.id] ?? '';
        const b = current[s.id] ?? '';
        const parts: ChangeObject<string>[] = diffWords(a, b);
        const d = roundMetric(normalizedEditDistance(a, b));
        return (
          <article key={s.id} className="diff-section" aria-label={`${s.title} diff`}>
            <h4>
              {s.title} <small className="muted">{t('review.diff.distance', { value: d.toFixed(3) })}</small>
            </h4>
            {a === b ? (
              <p className="muted">{t('review.diff.unchanged')}</p>
            ) : sideBySide ? (
              <MergeDiff
                a={a}
                b={b}
                labelA={t('review.diff.draftSide', { title: s.title })}
                labelB={t('review.diff.reviewSide', { title: s.title })}
              />
            ) : (
              <p className="diff-text">
                {parts.map((p, i) =>
                  p.added ? (
                    <ins key={i}>{p.value}</ins>
                  ) : p.removed ? (
                    <del key={i}>{p.value}</del>
                  ) : (
                    <span key={i}>{p.value}</span>
                  ),
                )}
              </p>
            )}
          </article>
        );
      })}
    </section>
  );
}
