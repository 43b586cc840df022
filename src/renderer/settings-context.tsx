import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../shared/contract/settings';
import type { ApiError } from '../shared/errors';
import { api } from './api/client';
import { applyLanguage } from './i18n';

interface SettingsState {
  settings: Settings | null;
  error: ApiError | null;
  update(patch: Partial<Settings>): Promise<boolean>;
}

const SettingsContext = createContext<SettingsState | null>(null);

function applyTheme(theme: Settings['theme']): void {
  // 'system' leaves the choice to prefers-color-scheme in the stylesheet.
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const adopt = useCallback((s: Settings) => {
    setSettings(s);
    applyLanguage(s.language);
    applyTheme(s.theme);
  }, []);

  useEffect(() => {
    const load = () => void api.getSettings({}).then((r) => (r.ok ? adopt(r.value) : setError(r.error)));
    load();
    // Another window or tab changed something: reload the snapshot.
    return api.on('settingsChanged', load);
  }, [adopt]);

  const update = useCallback(
    async (patch: Partial<Settings>) => {
      const r = await api.updateSettings(patch);
      if (r.ok) {
        adopt(r.value);
        setError(null);
      } else setError(r.error);
      return r.ok;
    },
    [adopt],
  );

  return <SettingsContext.Provider value={{ settings, error, update }}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  const ctx = useContext(SettingsContext);
  if (!ctx) throw new Error('useSettings outside SettingsProvider');
  return ctx;
}
