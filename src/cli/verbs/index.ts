import type { Verb } from '../verb';
import { statsVerb } from './stats';
import { dbBackupVerb, dbCheckVerb } from './db';

/** Every command-line verb, in the order --help lists them. */
export const VERBS: readonly Verb[] = [statsVerb, dbCheckVerb, dbBackupVerb];
