import type { Verb } from '../verb';
import { statsVerb } from './stats';
import { dbBackupVerb, dbCheckVerb } from './db';
import { importVerb } from './import';
import { papersVerb } from './papers';
import { textVerb } from './text';

/** Every command-line verb, in the order --help lists them. */
export const VERBS: readonly Verb[] = [importVerb, papersVerb, textVerb, statsVerb, dbCheckVerb, dbBackupVerb];
