import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/system';
import { api } from './client';

let cached: Promise<AppInfo | null> | undefined;

/** Which host the UI runs in (desktop or web) never changes during a session: ask once. */
export function useAppInfo(): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    cached ??= api.getAppInfo({}).then((r) => (r.ok ? r.value : null));
    void cached.then(setInfo);
  }, []);
  return info;
}
