/**
 * A counter workflow: what a verified read is for at one counter (verify only, hospital check-in, bank
 * customer verification). Each workflow is a folder `workflows/<name>/` exporting one `Workflow`, registered
 * by one line in workflows/index.ts; the service core reads cards and hands a verified read to the workflow of
 * the counter (reader) it was made at. The core never names a workflow.
 */
import type { TierName } from '../../contract/tiers.js';
import type { ReadClient } from '../../contract/types.js';
import type { ReadOutput } from '../read-card.js';
import type { Job } from '../jobs.js';
import type { Migration } from '../storage/migrations/types.js';
import type { Storage } from '../storage/index.js';

/** JSON values a workflow's settings hold (stored in the settings table under `workflow.<name>.<key>`). */
export type SettingValue = string | number | boolean | null;

/** What a step after a verified read is given. `output` holds personal data: never log it. */
export interface VerifiedRead {
  workflow: string;
  readerId: string;
  readerName: string;
  /** The counter's label and its signed-in operator, if any. */
  counter?: string;
  operator?: string;
  /** The read as `chipid read --json` has it (verdict 'verified' by construction). */
  output: ReadOutput;
  storage: Storage;
}

/** One step run after a verified read (in order). A failing step is reported; the read stays verified. */
export interface WorkflowStep {
  name: string;
  run(read: VerifiedRead): void | Promise<void>;
}

/** A workflow's settings section: its keys with defaults, and a check of a value given for each key. */
export interface WorkflowSettings {
  defaults: Readonly<Record<string, SettingValue>>;
  /** True when `value` may be stored under `key` (an unknown key is refused before this is asked). */
  accepts(key: string, value: unknown): boolean;
}

/** What a workflow's jobs and method handlers are built from when the service starts. */
export interface JobContext {
  storage: Storage;
}

/**
 * Runs one of the workflow's own API methods (declared in its contract.ts; the params are validated against
 * that declaration before this is called) for the client who asked (its id and purpose, as recorded).
 */
export type WorkflowHandler = (params: Readonly<Record<string, unknown>>, caller: ReadClient) => Promise<unknown>;

export interface Workflow {
  /** Stable id, also the component name of its migrations: [a-z][a-z0-9-]*. */
  name: string;
  label: { vi: string; en: string };
  /** The tiers that must all pass for a read at this counter to be `verified`. */
  requiredTiers: readonly TierName[];
  /** Run on a verified read only, after it has been recorded. */
  afterVerifiedRead?: readonly WorkflowStep[];
  /** The workflow's own tables, one migration per file in `workflows/<name>/migrations/`. */
  migrations?: readonly Migration[];
  settings?: WorkflowSettings;
  /** Background jobs (retries of queued calls, shipping), on the service's job registry. */
  jobs?: (ctx: JobContext) => readonly Job[];
  /** The handlers of the methods its contract.ts declares, one per method. */
  handlers?: (ctx: JobContext) => Readonly<Record<string, WorkflowHandler>>;
}
