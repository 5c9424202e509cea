/** The bank workflow's migrations, in order. Append a file and a line; never edit one that has shipped. */
import type { Migration } from '../../../storage/migrations/types.js';
import { C06_MIGRATIONS } from '../c06/index.js';
import { m001 } from './001-checks.js';
import { m002 } from './002-images.js';

/** The desk's own tables, then the online-confirmation queue's (c06/, numbered after these). */
export const BANK_MIGRATIONS: readonly Migration[] = [m001, m002, ...C06_MIGRATIONS];
