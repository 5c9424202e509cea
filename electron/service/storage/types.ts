/**
 * Public types of the kiosk's local storage. Nothing here may carry a name, a photo or a full ID number:
 * a person is represented only by the last four digits of the ID and a keyed hash of the full number.
 * Verdict tiers keep a status and a reason code, never a reason's text (it may quote a date: a CCCD's
 * expiry is its holder's birthday).
 */
import { CHECK_STATUSES, TIERS, type CheckStatus, type StoredCheck, type TierName, type Verdict } from '../../contract/tiers.js';

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;
declare const idHashBrand: unique symbol;

/** A handle that may only read (a separate read-only SQLite connection). */
export interface ReadableDb {
  readonly [readableBrand]: true;
}
/** A handle that may write. Every writer may also read, never the other way round. */
export interface WritableDb extends ReadableDb {
  readonly [writableBrand]: true;
}

/** HMAC-SHA256 of the 12-digit ID under the id-hash key (secrets.ts, outside the data folder), 64 hex digits. */
export type IdHash = string & { readonly [idHashBrand]: true };

/** The vocabulary comes from the tier table (contract/tiers.ts); the names below are the storage's own. */
export { VERDICTS, type StoredParams, type TierName, type Verdict } from '../../contract/tiers.js';

export type TierStatus = CheckStatus;
export const TIER_STATUSES: readonly TierStatus[] = CHECK_STATUSES;

/** A tier as stored: `{status, code, params?, also?}`, the code's status matching `status`. */
export type TierResult = StoredCheck;

export const TIER_NAMES: readonly TierName[] = TIERS;
export type Tiers = Record<TierName, TierResult>;

/** Step name → milliseconds (e.g. `{ connect: 40, bac: 310, dg2: 2100 }`). */
export type Timings = Record<string, number>;

/** What the caller records for one verification. */
export interface EventInput {
  /** When the verification happened (epoch ms). Defaults to the storage clock. */
  atMs?: number;
  readerName: string;
  counterId: string;
  /** The purpose the read was made for: the API client's ('hospital', 'bank', …), 'kiosk' for the kiosk UI. */
  purpose: string;
  /** Who asked for the read: a paired client's id, 'kiosk-ui', 'cli'. */
  clientId?: string | null;
  /** The workflow of the counter that made the read ('verify-only', 'hospital', …). */
  workflow?: string | null;
  verdict: Verdict;
  tiers: Tiers;
  errorCode?: string | null;
  timings?: Timings;
  /** e.g. 'CCCD-2021', 'CC-2024' */
  documentType?: string | null;
  /** The last 4 digits of the ID number; never more. */
  idLast4?: string | null;
  /** From `idHash(key, id12)`; lets staff see "seen before" without keeping the number. */
  idHash?: IdHash | null;
  /** The operator signed in at the counter (`op_…`), for the fleet outbox only (not kept on the event row). */
  operatorId?: string | null;
  /** The tiers the counter requires, so the fleet outbox names the one that decided a refusal. */
  requiredTiers?: readonly TierName[];
}

export interface StoredEvent {
  id: number;
  atMs: number;
  /** ISO 8601 UTC, e.g. 2026-01-31T08:15:00.000Z */
  atIso: string;
  readerName: string;
  counterId: string;
  purpose: string;
  /** Null for events recorded before clients were recorded. */
  clientId: string | null;
  /** Null for events recorded before workflows were recorded (schema 4). */
  workflow: string | null;
  verdict: Verdict;
  tiers: Tiers;
  errorCode: string | null;
  timings: Timings;
  documentType: string | null;
  idLast4: string | null;
  idHash: IdHash | null;
}

export interface ListEventsQuery {
  /** Inclusive lower bound, epoch ms. */
  since?: number;
  /** Exclusive upper bound, epoch ms. */
  until?: number;
  /** Default 100, at most 10 000. */
  limit?: number;
  verdict?: Verdict;
}

/** JSON without personal data (checked on append). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface AuditEntry {
  seq: number;
  /** ISO 8601 UTC */
  at: string;
  actor: string;
  action: string;
  details: JsonObject;
  /** 64 hex digits; the genesis entry points at 64 zeros. */
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; firstBrokenSeq: number; reason: string };

