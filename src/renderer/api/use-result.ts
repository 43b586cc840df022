import { useCallback, useEffect, useState } from 'react';
import type { ApiError, Result } from '../../shared/errors';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Runs an API call when its dependencies change; keeps the last good data while reloading. */
export function useResult<T>(call: () => Promise<Result<T>>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // deps is the caller's list for call, as with useEffect's own; eslint checks it at each call
  // site (useResult is one of exhaustive-deps' additionalHooks in eslint.config.js).
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo
  const run = useCallback(call, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    void run().then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        setData(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}
