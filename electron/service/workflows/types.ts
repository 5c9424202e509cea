/**
 * A counter workflow: what a verified read is for at one counter (verify only, hospital check-in, bank
 * customer verification). Each workflow is a folder `workflows/<name>/` exporting one `Workflow`, registered
 * by one line in workflows/index.ts; the service core reads cards and hands a verified read to the workflow of
 * the counter (reader) it was made at. The core never names a workflow.
 */
import type { TierName } from '../../contract/tiers.js';
import type { ReadClient } from '../../contract/types.js';
import type { FileDigests } from '../file-digests.js';
import type { KioskSigningKey } from '../kiosk-signature.js';
import type { ReadOutput } from '../read-card.js';
import type { Job } from '../jobs.js';
import type { Migration } from '../storage/migrations/types.js';
import type { Storage } from '../storage/index.js';

/** JSON values a workflow's settings hold (stored in the settings table under `workflow.<name>.<key>`). */
export type SettingValue = string | number | boolean | null;

/** What a step after a read is given. `output` holds personal data: never log it. */
export interface FinishedRead {
  workflow: string;
  readerId: string;
  readerName: string;
  /** The counter's label and its signed-in operator, if any. */
  counter?: string;
  operator?: string;
  /** The read as `chipid read --json` has it, the verdict included. */
  output: ReadOutput;
  /** The chip's DG2 photo when the read took it (JPEG / JPEG 2000 bytes). */
  photoBytes?: Uint8Array;
  /** SHA-256 of EF.SOD and of each data group as read (for records that must name the chip's exact data). */
  digests: FileDigests;
  storage: Storage;
}

/** A read whose verdict is 'verified' (afterVerifiedRead steps get only these). */
export type VerifiedRead = FinishedRead;

/** One step run after a read (in order). A failing step is reported; the read keeps its verdict. */
export interface WorkflowStep {
  name: string;
  run(read: FinishedRead): void | Promise<void>;
}

/** A workflow's settings section: its keys with defaults, and a check of a value given for each key. */
export interface WorkflowSettings {
  defaults: Readonly<Record<string, SettingValue>>;
  /** True when `value` may be stored under `key` (an unknown key is refused before this is asked). */
  accepts(key: string, value: unknown): boolean;
}

/** A counter as a workflow sees it: its reader, label, workflow and signed-in operator (an operator id). */
export interface CounterView {
  readerId: string;
  readerName: string;
  workflow: string;
  counter?: string;
  operator?: string;
}

/**
 * What a workflow's jobs and method handlers are built from when the service starts. Everything but the
 * storage is optional so a workflow can be run without the service (the command line, tests): a workflow
 * must work, and say what it could not do, when a part is absent.
 */
export interface JobContext {
  storage: Storage;
  /** Sends the workflow's news as a `workflow` event (to the kiosk's UI and the clients of its purpose). */
  emit?(e: { name: string; readerId?: string; data: Record<string, unknown> }): void;
  /** The counter of a reader, or undefined for an unknown reader. */
  counter?(readerId: string): CounterView | undefined;
  /** The workflow's settings as they are now (defaults overlaid with what was saved). */
  settings?(): Readonly<Record<string, SettingValue>>;
  /** Environment of the service (configuration for unattended installs and tests). */
  env?: NodeJS.ProcessEnv;
  /** The service runs in demo mode (virtual readers; a workflow may use its local fakes). */
  demo?: boolean;
  /** Checks an operator's PIN (the core's operators); resolves the operator, throws a coded error. */
  verifyOperator?(operatorId: string, pin: string): Promise<{ id: string; name: string; cccd: string; role: 'reception' | 'supervisor' | 'admin' }>;
  /** An operator by id (full record: the gateway needs the staff CCCD), or undefined. */
  operator?(operatorId: string): { id: string; name: string; cccd: string; role: 'reception' | 'supervisor' | 'admin'; active: boolean } | undefined;
  /**
   * Count every queued item as due now, whatever its back-off (`chipid jobs run --all`: a support visit that
   * has just fixed the network wants the retries now, not in 30 minutes).
   */
  dueAll?: boolean;
  /** This installation's signing key (kiosk-signature.ts), for documents the kiosk vouches for (receipts). */
  signingKey?(): KioskSigningKey;
  /** Throws unless `session` is a live admin session (the core's admin PIN). */
  requireAdmin?(session: string): void;
  logger?(msg: string): void;
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
  /** The workflow's screens use the counter's camera (the Electron shell grants it only while one runs). */
  camera?: boolean;
  /** The tiers that must all pass for a read at this counter to be `verified`. */
  requiredTiers: readonly TierName[];
  /** Run on a verified read only, after it has been recorded. */
  afterVerifiedRead?: readonly WorkflowStep[];
  /**
   * Run on every finished read, verified or not, after it has been recorded and before the verified-read
   * steps: for a workflow that holds a read for a later action (a check-in a supervisor may let through).
   */
  onRead?: readonly WorkflowStep[];
  /** The workflow's own tables, one migration per file in `workflows/<name>/migrations/`. */
  migrations?: readonly Migration[];
  settings?: WorkflowSettings;
  /** Background jobs (retries of queued calls, shipping), on the service's job registry. */
  jobs?: (ctx: JobContext) => readonly Job[];
  /** The handlers of the methods its contract.ts declares, one per method. */
  handlers?: (ctx: JobContext) => Readonly<Record<string, WorkflowHandler>>;
}
