import type { Database } from 'better-sqlite3';

/** One append-only schema step. `up` is SQL or a function; it runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database) => void);
}
