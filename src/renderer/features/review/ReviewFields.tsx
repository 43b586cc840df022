import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReviewLabel } from '../../../shared/contract/review';
import type { TemplateScore } from './types';

/** Score inputs with their ranges; an out-of-range or half-typed value is simply not saved yet. */
export function ScoreFields({
  scores,
  initial,
  onChange,
}: {
  scores: TemplateScore[];
  initial: Record<string, number>;
  onChange(s: Record<string, number | null>): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      scores.map((s) => [s.name, initial[s.name] === undefined ? '' : String(initial[s.name])]),
    ),
  );
  if (!scores.length) return null;
  const change = (name: string, raw: string) => {
    const next = { ...values, [name]: raw };
    setValues(next);
    const out: Record<string, number | null> = {};
    for (const s of scores) {
      const v = next[s.name] ?? '';
      const n = Number(v);
      if (v === '') out[s.name] = null;
      else if (Number.isInteger(n) && n >= s.min && n <= s.max) out[s.name] = n;
    }
    onChange(out);
  };
  return (
    <fieldset className="score-fields">
      <legend>{t('review.scores')}</legend>
      {scores.map((s) => (
        <label key={s.name}>
          <span>{s.name}</span>
          <input
            type="number"
            aria-label={s.name}
            min={s.min}
            max={s.max}
            step={1}
            value={values[s.name] ?? ''}
            onChange={(e) => change(s.name, e.target.value)}
          />
          <small className="muted">{t('review.scoreRange', { min: s.min, max: s.max })}</small>
        </label>
      ))}
    </fieldset>
  );
}

/** Toggles one label in a list kept in the order the labels are listed (and exported). */
export function toggleLabel(
  labels: readonly ReviewLabel[],
  l: ReviewLabel,
  on = !labels.includes(l),
): ReviewLabel[] {
  return ReviewLabel.options.filter((x) => (x === l ? on : labels.includes(x)));
}

/** Controlled: the workspace owns the list, so keys 1–9 and the checkboxes change the same state. */
export function LabelsField({
  labels,
  onChange,
}: {
  labels: readonly ReviewLabel[];
  onChange(labels: ReviewLabel[]): void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="labels-field">
      <legend>{t('review.labels')}</legend>
      {ReviewLabel.options.map((l, i) => (
        <label key={l} title={t('review.labelKey', { key: i + 1 })}>
          <input
            type="checkbox"
            checked={labels.includes(l)}
            onChange={(e) => onChange(toggleLabel(labels, l, e.target.checked))}
          />{' '}
          {t(`review.label.${l}`)} <kbd aria-hidden="true">{i + 1}</kbd>
        </label>
      ))}
    </fieldset>
  );
}

export function NotesField({ initial, onChange }: { initial: string; onChange(notes: string): void }) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState(initial);
  return (
    <label className="notes-field">
      <span>{t('review.notes')}</span>
      <textarea
        rows={3}
        value={notes}
        onChange={(e) => {
          setNotes(e.target.value);
          onChange(e.target.value);
        }}
      />
    </label>
  );
}
