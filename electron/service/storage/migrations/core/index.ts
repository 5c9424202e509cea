/** The core's migrations, in order. Append a file and a line; never edit one that has shipped. */
import type { Migration } from '../types.js';
import { m001 } from './001-events-audit-settings.js';
import { m002 } from './002-events-by-verdict.js';
import { m003 } from './003-reason-codes-client.js';
import { m004 } from './004-workflow-per-event.js';
import { m005 } from './005-operators.js';
import { m006 } from './006-fleet-outbox.js';

export const CORE_MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006];
