import { useTranslation } from 'react-i18next';
import type { HiddenPassage } from '../../../shared/paper';

/** Prompt injections hide in submissions; the annotator sees every hidden passage. */
export function HiddenTextBanner({ passages }: { passages: HiddenPassage[] }) {
  const { t } = useTranslation();
  if (!passages.length) return null;
  return (
    <section className="hidden-text-banner" role="alert" aria-label={t('paper.hiddenTitle')}>
      <strong>{t('paper.hiddenTitle')}</strong>
      <p>{t('paper.hiddenBody')}</p>
      <ul>
        {passages.map((p, i) => (
          <li key={i}>
            <q>{p.text}</q>{' '}
            <small>
              (p. {p.page}, {t(`paper.hiddenReason.${p.reason}`)})
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}
