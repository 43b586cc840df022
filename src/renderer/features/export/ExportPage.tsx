import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportProgress, ExportResult, ExportSummary } from '../../../shared/contract/dataset';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/app-info';
import { useResult } from '../../api/use-result';
import { ExportForm, toRequest, type ExportFormValues } from './ExportForm';
import { ExportSummaryView } from './ExportSummaryView';
import { DatasetImportPanel } from './DatasetImportPanel';
import { formatDateTime } from '../../i18n/format';

function defaultOutDir(dataDir: string, format: string): string {
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
  return `${dataDir}/exports/${stamp}-${format}`;
}

const DEFAULT_VALUES: ExportFormValues = {
  format: 'messages',
  outDir: '',
  round: '',
  sinceRound: '',
  statuses: ['approved'],
  valRatio: 0.1,
  seed: 0,
  threshold: 0.05,
  bare: false,
  includeFlagged: false,
  forModel: '',
  excludeLowInformation: false,
  annotator: '',
  template: '',
  modelRound: '',
  tag: '',
  from: '',
  to: '',
};

export function ExportPage() {
  const { t } = useTranslation();
  const exports = useResult(() => api.listExports({}), []);
  const models = useResult(() => api.listModels({}), []);
  const form = useExportValues();
  const { values } = form;
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const rounds = useMemo(
    () => [...new Set((exports.data ?? []).map((e) => e.round).filter((r): r is string => !!r))],
    [exports.data],
  );

  const run = async (dry: boolean) => {
    setBusy(true);
    setError(null);
    const requestId = crypto.randomUUID();
    const off = api.on('exportProgress', (p) => p.requestId === requestId && setProgress(p));
    const request = { ...toRequest(values), requestId };
    const r = dry ? await api.previewExport(request) : await api.exportDataset(request);
    off();
    setBusy(false);
    setProgress(null);
    if (!r.ok) return setError(r.error);
    setResult(r.value);
    if (!dry) {
      exports.reload();
      form.freshFolder(); // a written folder cannot take a second export
    }
  };

  return (
    <div className="page export">
      <h1>{t('export.title')}</h1>
      <p className="muted">{t('exportPage.intro')}</p>
      <ExportForm values={values} rounds={rounds} models={models.data ?? []} onChange={form.change} />
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          {t('exportPage.previewButton')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || !values.outDir.trim() || !values.statuses.length}
          onClick={() => void run(false)}
        >
          {t('exportPage.exportButton')}
        </button>
        {progress && <Progress progress={progress} />}
      </div>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {result && <ExportSummaryView result={result} />}
      <ExportHistory exports={exports.data} />
      <DatasetImportPanel onDone={exports.reload} />
    </div>
  );
}

/**
 * The form's values. The folder follows the format only until the user types one; after
 * that it is theirs, whatever else changes, until an export writes to it.
 */
function useExportValues() {
  const info = useAppInfo();
  const [values, setValues] = useState<ExportFormValues>(DEFAULT_VALUES);
  const [ownFolder, setOwnFolder] = useState(false);
  useEffect(() => {
    if (info && !ownFolder) setValues((v) => ({ ...v, outDir: defaultOutDir(info.dataDir, v.format) }));
  }, [info, ownFolder, values.format]);
  return {
    values,
    change: (next: ExportFormValues) => {
      if (next.outDir !== values.outDir) setOwnFolder(true);
      setValues(next);
    },
    /** Offer a fresh default folder again. */
    freshFolder: () => {
      setOwnFolder(false);
      if (info) setValues((v) => ({ ...v, outDir: defaultOutDir(info.dataDir, v.format) }));
    },
  };
}

function Progress({ progress }: { progress: ExportProgress }) {
  const { t } = useTranslation();
  return (
    <>
      <progress
        max={Math.max(1, progress.total)}
        value={progress.done}
        aria-label={t('exportPage.progress')}
      />
      <span>{t('exportPage.progressText', { done: progress.done, total: progress.total })}</span>
    </>
  );
}

/** The exports written so far, newest first as listed. */
function ExportHistory({ exports }: { exports: ExportSummary[] | null }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-label={t('exportPage.history')}>
      <h2>{t('exportPage.history')}</h2>
      {exports?.length ? (
        <table className="history">
          <thead>
            <tr>
              <th>{t('exportPage.when')}</th>
              <th>{t('exportPage.format')}</th>
              <th>{t('exportPage.roundColumn')}</th>
              <th>{t('exportPage.records')}</th>
              <th>{t('exportPage.folder')}</th>
            </tr>
          </thead>
          <tbody>
            {exports.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.createdAt, i18n.language)}</td>
                <td>{e.format}</td>
                <td>{e.round ?? '—'}</td>
                <td>{e.records}</td>
                <td className="mono">{e.outDir}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('export.empty.body')}</p>
      )}
    </section>
  );
}
