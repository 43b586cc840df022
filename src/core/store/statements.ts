import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/**
 * The store's one statement cache: each SQL text is prepared once per connection and kept
 * as long as the connection lives (a WeakMap, so a closed and dropped db takes its
 * statements with it). Every repository reads through `stmt`, dynamic list queries included.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();

export function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
