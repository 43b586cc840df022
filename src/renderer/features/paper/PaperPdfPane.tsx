import { useTranslation } from 'react-i18next';
import type { PaperDetail } from '../../../shared/contract/library';

/** The PDF side of a paper; the reader component plugs in here. */
export function PaperPdfPane({ paper }: { paper: PaperDetail }) {
  const { t } = useTranslation();
  if (!paper.hasPdf) return <p className="muted">{t('paper.noPdf')}</p>;
  return <p className="muted">PDF</p>;
}
