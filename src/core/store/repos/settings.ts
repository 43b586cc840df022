import type { Db } from '../open';
import { Settings } from '../../../shared/contract/settings';

/** Settings are stored one JSON value per key; unknown or invalid values fall back to defaults. */
export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      raw[row.key] = JSON.parse(row.value);
    } catch {
      // A damaged value is ignored; its default applies.
    }
  }
  const full = Settings.safeParse(raw);
  if (full.success) return full.data;
  // Keep the valid keys, drop the invalid ones.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const one = Settings.safeParse({ [key]: value });
    if (one.success) out[key] = value;
  }
  return Settings.parse(out);
}

export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}
