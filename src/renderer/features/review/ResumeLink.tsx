import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../navigation';
import type { QueueFilter } from '../../../shared/contract/review';
import './i18n';
import { lastPaper, saveLibraryFilter } from './queue-filter';

/** Shares the library's filter with the workspace's Previous/Next paper (see queue-filter.ts). */
export function useSharedLibraryFilter(f: QueueFilter): void {
  const key = JSON.stringify(f);
  useEffect(() => saveLibraryFilter(JSON.parse(key) as QueueFilter), [key]);
}

/** "Resume: <title>": back to the paper last opened in the workspace. */
export function ResumeLink() {
  const { t } = useTranslation();
  const [last] = useState(lastPaper);
  if (!last) return null;
  return (
    <button
      type="button"
      className="link resume-link"
      onClick={() => navigate({ page: 'paper', paperId: last.id })}
    >
      {t('review.queue.resume', { title: last.title })}
    </button>
  );
}
