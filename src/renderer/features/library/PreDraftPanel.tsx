import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchProgress } from '../../../shared/contract/engine';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { routeHref } from '../../navigation';
import { paperFilter, type PaperQuery } from './use-paper-rows';

/** Every paper id the current library filter shows (paged through the contract's limit). */
async function idsFor(q: PaperQuery): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const r = await api.listPapers({
      ...paperFilter(q),
      sort: q.sort,
      dir: q.dir,
      limit: 1000,
      offset,
    });
    if (!r.ok) throw new Error(r.error.message);
    ids.push(...r.value.papers.map((p) => p.id));
    if (ids.length >= r.value.total || r.value.papers.length === 0) return ids;
  }
}

/** How often a running batch's progress is read back (see PreDraftPanel). */
const BATCH_RESYNC_MS = 2000;

function eta(ms: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (ms === null) return '';
  const min = Math.round(ms / 60000);
  return min >= 1 ? t('library.batch.etaMin', { count: min }) : t('library.batch.etaSoon');
}

/**
 * Batch pre-drafting: queue a draft for every paper in the current view, so the annotator
 * finds drafts waiting. The queue lives in the library and resumes after a restart; this
 * panel shows whichever batch reports progress.
 */
export function PreDraftPanel({ query }: { query: PaperQuery }) {
  const { t } = useTranslation();
  const id = useId();
  const models = useResult(() => api.listModels({}), []);
  const [modelId, setModelId] = useState('');
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => api.on('batchProgress', setProgress), []);
  useEffect(() => {
    if (!modelId && models.data?.[0]) setModelId(models.data[0].id);
  }, [models.data, modelId]);

  const running = progress !== null && progress.queued + progress.running > 0;
  // Progress comes as events, and an event sent while the events socket reconnects is lost:
  // while a batch runs, its state is also read back every few seconds, so the panel can't
  // stay on "running" after the batch has finished.
  const batchId = running ? progress.batchId : null;
  useEffect(() => {
    if (!batchId) return;
    const timer = setInterval(() => {
      void api.getBatch({ batchId }).then((r) => r.ok && setProgress(r.value));
    }, BATCH_RESYNC_MS);
    return () => clearInterval(timer);
  }, [batchId]);

  if (!models.data?.length) return null;
  const start = async () => {
    setError(null);
    try {
      const paperIds = await idsFor(query);
      if (!paperIds.length) return;
      const r = await api.startBatch({ paperIds, request: { modelId } });
      if (r.ok) setProgress(r.value);
      else setError(r.error);
    } catch (e) {
      setError({ code: 'internal', message: (e as Error).message });
    }
  };

  return (
    <section className="predraft" aria-label={t('library.batch.title')}>
      <label htmlFor={`${id}-model`}>{t('library.batch.model')}</label>{' '}
      <select
        id={`${id}-model`}
        value={modelId}
        onChange={(e) => setModelId(e.target.value)}
        disabled={running}
      >
        {models.data.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name ?? m.fileName}
          </option>
        ))}
      </select>{' '}
      {running && progress.paused && (
        <button type="button" onClick={() => void api.resumeBatch({ batchId: progress.batchId })}>
          {t('library.batch.resume')}
        </button>
      )}{' '}
      {running ? (
        <button type="button" onClick={() => progress && void api.cancelBatch({ batchId: progress.batchId })}>
          {t('library.batch.cancel')}
        </button>
      ) : (
        <button type="button" onClick={() => void start()} disabled={!modelId}>
          {t('library.batch.start')}
        </button>
      )}
      {progress && <BatchStatus progress={progress} running={running} />}
      {error && (
        <span role="alert" className="error">
          {' '}
          {error.message}
        </span>
      )}
    </section>
  );
}

/** A batch's counts and progress bar, why it drafts that many at once, why it is paused, and what failed. */
function BatchStatus({ progress, running }: { progress: BatchProgress; running: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span role="status">
        {' '}
        <progress
          max={Math.max(1, progress.total)}
          value={progress.done + progress.failed + progress.cancelled}
          aria-label={t('library.batch.progress')}
        />{' '}
        {t('library.batch.counts', { done: progress.done, total: progress.total, failed: progress.failed })}{' '}
        {progress.parallel && progress.parallel > 1
          ? `${t('library.batch.parallel', { count: progress.parallel })} `
          : ''}
        {running && eta(progress.etaMs, t)}
        {progress.leftOut ? ` ${t('library.batch.leftOut', { count: progress.leftOut })}` : ''}
        {progress.parallelReason && (
          <small className="muted">
            {' '}
            {t('library.batch.parallelReason', { reason: progress.parallelReason })}
          </small>
        )}
      </span>
      {running && progress.paused && (
        <p role="alert" className="error">
          {t('library.batch.paused', { reason: progress.paused, waiting: progress.queued })}
        </p>
      )}
      {progress.failures.length > 0 && (
        <ul className="batch-failures" aria-label={t('library.batch.failures')}>
          {progress.failures.map((f) => (
            <li key={f.paperId}>
              <a href={routeHref({ page: 'paper', paperId: f.paperId })}>{f.title ?? f.paperId}</a>: {f.error}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
