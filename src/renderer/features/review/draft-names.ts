import { useTranslation } from 'react-i18next';
import type { TrimEntry } from '../../../shared/contract/engine';
import { formatDateTime } from '../../i18n/format';

/**
 * Draft facts as the annotator reads them, in the UI language: times through Intl, end reasons, trim actions and section kinds through their enum keys (the parity
 * test checks every value has a translation).
 */
export function useDraftNames() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const kind = (k: TrimEntry['kind']) =>
    k === 'captions' ? t('review.draft.captionsKind') : t(`paper.kind.${k}`);
  return {
    time: (iso: string) => formatDateTime(iso, lng),
    endReason: (r: string | null) => (r ? t(`enums.endReason.${r}`, { defaultValue: r }) : '?'),
    trimAction: (a: TrimEntry['action']) => t(`enums.trimAction.${a}`),
    kind,
    /** "REFERENCES dropped", for the provenance list. */
    trimEntry: (x: TrimEntry) => `${x.heading} ${t(`enums.trimAction.${x.action}`)}`,
  };
}
