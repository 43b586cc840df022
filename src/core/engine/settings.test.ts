import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../store/migrate';
import { readEngineSettings, writeEngineSettings } from './settings';
import { EngineSettings } from '../../shared/contract/engine';

describe('engine settings storage', () => {
  const db = new Database(':memory:');
  migrate(db);
  const stored = () =>
    JSON.parse(
      (db.prepare("SELECT value FROM settings WHERE key = 'engine'").get() as { value: string }).value,
    );

  it('stores only what the user chose, so new defaults reach everyone else', () => {
    const s = writeEngineSettings(db, { threads: 1 });
    expect(stored()).toEqual({ threads: 1 });
    expect(s).toEqual(EngineSettings.parse({ threads: 1 }));
    writeEngineSettings(db, { kvCacheType: 'q8_0' });
    expect(stored()).toEqual({ threads: 1, kvCacheType: 'q8_0' });
  });

  it('drops unknown and invalid stored keys instead of failing', () => {
    db.prepare("UPDATE settings SET value = ? WHERE key = 'engine'").run(
      JSON.stringify({ threads: -5, bogus: 1, kvCacheType: 'q8_0' }),
    );
    expect(readEngineSettings(db)).toEqual(EngineSettings.parse({ kvCacheType: 'q8_0' }));
    db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'engine'").run();
    expect(readEngineSettings(db)).toEqual(EngineSettings.parse({}));
  });
});
