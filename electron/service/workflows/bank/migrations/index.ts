/** The bank workflow's migrations, in order. Append a file and a line; never edit one that has shipped. */
import type { Migration } from '../../../storage/migrations/types.js';

export const BANK_MIGRATIONS: readonly Migration[] = [];
