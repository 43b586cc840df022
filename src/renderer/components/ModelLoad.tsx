import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineStatus } from '../../shared/contract/engine';
import { api } from '../api/client';

export interface ModelLoadState {
  status: EngineStatus | null;
  /** The model being loaded now and how far (0..1, null before the first progress event). */
  loading: { modelId: string; progress: number | null } | null;
}

/**
 * The engine status and any model load in progress, from the engineStatus and
 * modelLoadProgress events. A load ends with status leaving 'loading' (loaded, failed
 * or cancelled), so that, not the last progress value, decides whether one is running.
 */
export function useModelLoad(): ModelLoadState {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [progress, setProgress] = useState<{ modelId: string; progress: number } | null>(null);
  useEffect(() => {
    void api.getEngineStatus({}).then((r) => r.ok && setStatus(r.value));
    const offStatus = api.on('engineStatus', setStatus);
    const offLoad = api.on('modelLoadProgress', (p) => setProgress(p));
    return () => {
      offStatus();
      offLoad();
    };
  }, []);
  const modelId = status?.state === 'loading' ? status.modelId : null;
  return {
    status,
    loading: modelId ? { modelId, progress: progress?.modelId === modelId ? progress.progress : null } : null,
  };
}

/** "Cancel loading": plans and drafts waiting for this model fail with "cancelled". */
export function CancelLoadButton({ modelId }: { modelId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void api.cancelModelLoad({ modelId }).finally(() => setBusy(false));
      }}
    >
      {t('status.cancelLoad')}
    </button>
  );
}
