import type { Migration } from '../migration';
import { initial } from './0001_initial';
import { paperVenueYear } from './0002_paper_venue_year';

/** Append only: never edit or reorder a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [initial, paperVenueYear];

export const SCHEMA_VERSION = MIGRATIONS.length;
