import type { Migration } from '../migration';
import { initial } from './0001_initial';
import { owners } from './0002_owners';
import { paperVenueYear } from './0003_paper_venue_year';

/** Append only: never edit or reorder a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [initial, owners, paperVenueYear];

export const SCHEMA_VERSION = MIGRATIONS.length;
