import { useTranslation } from 'react-i18next';
import type { ExcludedCounts, ExportResult } from '../../../shared/contract/dataset';

/**
 * When an export would write nothing, or leave most matching reviews out, says why and
 * what to change — the counts alone left annotators staring at an empty export. Reasons
 * are listed most common first, each with the setting that changes it.
 */
export function ExportAdvice({ result }: { result: ExportResult }) {
  const { t } = useTranslation();
  const c = result.counts;
  const written = c.train + c.validation;
  const reasons = (Object.entries(c.excluded) as Array<[keyof ExcludedCounts, number]>)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const mostlyTrimmed = written > 0 && c.trimmed * 2 > written;
  let head: string | null = null;
  if (c.matched === 0) head = t('exportPage.advice.noMatch');
  else if (written === 0) head = t('exportPage.advice.nothing', { matched: c.matched });
  else if (written * 2 < c.matched)
    head = t('exportPage.advice.mostlyExcluded', { written, matched: c.matched });
  if (!head && !mostlyTrimmed) return null;
  return (
    <section className="export-advice warning" aria-label={t('exportPage.advice.label')}>
      {head && <p>{head}</p>}
      {head && reasons.length > 0 && (
        <ul>
          {reasons.map(([k, n]) => (
            <li key={k}>{t(`exportPage.advice.${k}`, { count: n })}</li>
          ))}
        </ul>
      )}
      {mostlyTrimmed && <p>{t('exportPage.advice.trimmed', { count: c.trimmed, written })}</p>}
    </section>
  );
}
