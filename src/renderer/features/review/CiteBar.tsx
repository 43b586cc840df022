import { useTranslation } from 'react-i18next';
import type { ReaderSelection } from './reader-bridge';
import { withKey } from './shortcut-keys';

interface Props {
  selection: ReaderSelection | null;
  /** Title of the section the quote will go into (the one focused last, highlighted). */
  target: string;
  /** The last citation's section, announced after it was inserted. */
  citedInto: string | null;
  onCite(): void;
}

/** "Cite in review": names where the quote will go before, and where it went after. */
export function CiteBar({ selection, target, citedInto, onCite }: Props) {
  const { t } = useTranslation();
  return (
    <div className="cite-bar">
      <button
        type="button"
        onClick={onCite}
        disabled={!selection}
        onMouseDown={(e) => e.preventDefault()}
        title={withKey(t('review.anchors.into', { section: target }), 'cite')}
      >
        {t('review.action.cite')}
      </button>
      <span className="cite-target-name">{t('review.anchors.into', { section: target })}</span>
      {selection && (
        <small className="muted">
          “{selection.text.slice(0, 80)}” (p. {selection.page})
        </small>
      )}
      <span role="status" aria-label={t('review.anchors.citedLabel')} className="muted">
        {citedInto ? t('review.anchors.cited', { section: citedInto }) : ''}
      </span>
    </div>
  );
}
