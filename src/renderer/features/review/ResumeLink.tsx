import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../navigation';
import './i18n';
import { lastPaper, saveLibraryFilter } from './queue-filter';

/** Shares the library's filter with the workspace's Previous/Next paper (see queue-filter.ts). */
export function useSharedLibraryFilter(f: {
  status?: string | undefined;
  query?: string;
  sort: string;
  dir: string;
}): void {
  const { status, query, sort, dir } = f;
  useEffect(
    () => saveLibraryFilter({ ...(status ? { status } : {}), ...(query ? { query } : {}), sort, dir }),
    [status, query, sort, dir],
  );
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
