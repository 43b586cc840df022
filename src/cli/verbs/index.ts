import type { Verb } from '../verb';
import { statsVerb } from './stats';
import { dbBackupVerb, dbCheckVerb } from './db';
import { importVerb } from './import';
import { papersVerb } from './papers';
import { textVerb } from './text';
import { reviewVerb } from './review';
import { modelsAddVerb, modelsListVerb } from './models';
import { draftVerb } from './draft';
import { exportVerb } from './export';
import { importReviewsVerb } from './import-reviews';
import { mergeVerb } from './merge';
import { whereVerb } from './where';

/** Every command-line verb, in the order --help lists them. */
export const VERBS: readonly Verb[] = [
  importVerb,
  papersVerb,
  textVerb,
  reviewVerb,
  importReviewsVerb,
  exportVerb,
  mergeVerb,
  modelsAddVerb,
  modelsListVerb,
  draftVerb,
  statsVerb,
  dbCheckVerb,
  dbBackupVerb,
  whereVerb,
];
