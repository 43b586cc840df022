import { useTranslation } from 'react-i18next';
import type { ExportResult } from '../../../shared/contract/dataset';
import { ExportAdvice } from './ExportAdvice';

/** Counts, what the checks excluded and why, and the files with their hashes. */
export function ExportSummaryView({ result }: { result: ExportResult }) {
  const { t } = useTranslation();
  const c = result.counts;
  const excluded = Object.entries(c.excluded).filter(([, n]) => n > 0);
  return (
    <section
      className="export-summary"
      aria-label={result.dryRun ? t('exportPage.preview') : t('exportPage.result')}
    >
      <h2>{result.dryRun ? t('exportPage.preview') : t('exportPage.written', { dir: result.outDir })}</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t('exportPage.matched')}</th>
            <td>{c.matched}</td>
          </tr>
          <tr>
            <th scope="row">{t('exportPage.train')}</th>
            <td>{t('exportPage.recordsPapers', { records: c.train, papers: c.trainPapers })}</td>
          </tr>
          <tr>
            <th scope="row">{t('exportPage.validation')}</th>
            <td>{t('exportPage.recordsPapers', { records: c.validation, papers: c.validationPapers })}</td>
          </tr>
          <tr>
            <th scope="row">{t('exportPage.promptSource')}</th>
            <td>
              {t('exportPage.promptCounts', { fromDraft: c.promptFromDraft, rendered: c.promptRendered })}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('exportPage.trimmedRecords')}</th>
            <td>{c.trimmed}</td>
          </tr>
          <tr>
            <th scope="row">{t('exportPage.lowInformationRecords')}</th>
            <td>{c.lowInformation}</td>
          </tr>
          {excluded.map(([k, n]) => (
            <tr key={k}>
              <th scope="row">{t(`exportPage.excluded.${k}`)}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportAdvice result={result} />
      {result.sample && (
        <details open className="export-sample">
          <summary>{t('exportPage.sample')}</summary>
          <pre aria-label={t('exportPage.sample')} className="mono">
            {result.sample}
          </pre>
        </details>
      )}
      {result.warnings.map((w, i) => (
        <p key={i} className="warning" role="note">
          {w}
        </p>
      ))}
      {result.files.length > 0 && (
        <ul className="mono">
          {result.files.map((f) => (
            <li key={f.path}>
              {f.path} — {f.bytes} B{f.records !== undefined ? `, ${f.records} records` : ''} —{' '}
              {f.sha256.slice(0, 16)}…
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
