/** The hospital workflow's migrations, in order. Append a file and a line; never edit one that has shipped. */
import type { Migration } from '../../../storage/migrations/types.js';
import { m001 } from './001-departments.js';
import { m002 } from './002-patients.js';
import { m003 } from './003-visits.js';
import { m004 } from './004-lookups-outbox.js';

export const HOSPITAL_MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004];
