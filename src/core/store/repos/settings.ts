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
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) writeSettingValue(db, key, value);
    }
  })();
  return readSettings(db);
}

/**
 * One key's stored JSON value; undefined when the key is absent or its value is damaged (the
 * caller's defaults apply). The settings table's one reader of a single key, and with
 * writeSettingValue its one writer: the app settings above and the engine settings
 * (core/engine/settings.ts, under the key "engine") both go through these two.
 */
export function readSettingValue(db: Db, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value);
  } catch {
    return undefined;
  }
}

export function writeSettingValue(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
