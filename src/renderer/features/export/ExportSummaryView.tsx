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
          <Row label={t('exportPage.matched')}>{c.matched}</Row>
          <Row label={t('exportPage.train')}>
            {t('exportPage.recordsPapers', { records: c.train, papers: c.trainPapers })}
          </Row>
          <Row label={t('exportPage.validation')}>
            {t('exportPage.recordsPapers', { records: c.validation, papers: c.validationPapers })}
          </Row>
          <Row label={t('exportPage.promptSource')}>
            {t('exportPage.promptCounts', { fromDraft: c.promptFromDraft, rendered: c.promptRendered })}
          </Row>
          <Row label={t('exportPage.trimmedRecords')}>{c.trimmed}</Row>
          <Row label={t('exportPage.lowInformationRecords')}>{c.lowInformation}</Row>
          {excluded.map(([k, n]) => (
            <Row key={k} label={t(`exportPage.excluded.${k}`)}>
              {n}
            </Row>
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

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}
