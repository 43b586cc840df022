import type { Migration } from '../migration';
import { initial } from './0001_initial';
import { owners } from './0002_owners';

/** Append only: never edit or reorder a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [initial, owners];

export const SCHEMA_VERSION = MIGRATIONS.length;
