/**
 * Verification events. A person appears only as the last 4 digits of the ID and an HMAC-SHA256 of the full
 * 12-digit number under the id-hash key (derived from the master key, which is kept outside the data
 * folder), which answers "seen before?" without storing the number. No names, photos or full numbers are
 * accepted; tiers keep a status and a reason code (+ non-personal parameters), never free text.
 */
import { REASONS, isReasonCode, storableParams, type ReasonCode } from '../../contract/reasons.js';
import { createHmac } from 'node:crypto';
import { appendAuditInTx } from './audit.js';
import { readOutcome } from '../../fleet/events.js';
import { appendFleetInTx, kioskId } from './fleet.js';
import { checkEpochMs, checkOptionalText, checkText, checkToken, invalid, isoUtc } from './guard.js';
import {
  clockMs,
  sqlFindByIdHash,
  sqlInsertEvent,
  sqlListEvents,
  transaction,
  type EventRow,
} from './sql.js';
import {
  TIER_NAMES,
  TIER_STATUSES,
  VERDICTS,
  type EventInput,
  type IdHash,
  type ListEventsQuery,
  type ReadableDb,
  type StoredEvent,
  type TierResult,
  type Tiers,
  type Timings,
  type Verdict,
  type WritableDb,
} from './types.js';

export const ID12 = /^\d{12}$/;

/** HMAC-SHA256(key, id12) as hex. The key is `idHashKey` from openSecrets. */
export function idHash(key: Uint8Array, id12: string): IdHash {
  if (key.length < 32) throw invalid('the id-hash key must be at least 32 bytes');
  if (!ID12.test(id12)) throw invalid('the ID number must be 12 digits');
  return createHmac('sha256', key).update(id12, 'ascii').digest('hex') as IdHash;
}

/** The two things an event may keep about a person's number. */
export function idRef(key: Uint8Array, id12: string): { idLast4: string; idHash: IdHash } {
  return { idLast4: id12.slice(-4), idHash: idHash(key, id12) };
}

export function isIdHash(v: unknown): v is IdHash {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}

function checkTiers(v: unknown): Tiers {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid('tiers must be an object');
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (!(TIER_NAMES as readonly string[]).includes(k)) throw invalid(`unknown tier '${k.slice(0, 40)}'`);
  }
  const out: Partial<Record<string, TierResult>> = {};
  for (const name of TIER_NAMES) {
    const t = src[name];
    if (t === null || typeof t !== 'object') throw invalid(`tier ${name} is missing`);
    const { status, code, params, also } = t as Record<string, unknown>;
    if (!(TIER_STATUSES as readonly unknown[]).includes(status)) throw invalid(`tier ${name} has a bad status`);
    const st = status as TierResult['status'];
    const main = checkCode(name, code, st);
    const p = storableParams(params as TierResult['params']);
    const more = also === undefined ? [] : Array.isArray(also) && also.length <= 8 ? also : invalid(`tier ${name} also must be a short list`);
    const extra = (more as unknown[]).map((a) => {
      const x = (a ?? {}) as Record<string, unknown>;
      const ap = storableParams(x.params as TierResult['params']);
      return { code: checkCode(name, x.code, st), ...(ap ? { params: ap } : {}) };
    });
    out[name] = { status: st, code: main, ...(p ? { params: p } : {}), ...(extra.length ? { also: extra } : {}) };
  }
  return out as Tiers;
}

/** A code from the one table, belonging to this tier, with the status it is recorded with. */
function checkCode(tier: string, code: unknown, status: TierResult['status']): ReasonCode {
  if (!isReasonCode(code)) throw invalid(`tier ${tier} has an unknown reason code`);
  const e = REASONS[code];
  if (!(e.checks as readonly string[]).includes(tier)) throw invalid(`reason code ${code} does not belong to tier ${tier}`);
  if (e.status !== status) throw invalid(`reason code ${code} is a ${e.status} code, recorded as ${status}`);
  return code;
}

/** Migration 3: an old tier `{ status, reason }` → `{ status, code }`; its reason text is dropped. */
export function legacyTiers(json: string): string {
  const old = JSON.parse(json) as Record<string, { status?: unknown }>;
  const out: Record<string, TierResult> = {};
  for (const name of TIER_NAMES) {
    const st = old[name]?.status;
    const status: TierResult['status'] = st === 'pass' || st === 'fail' ? st : 'not_performed';
    out[name] = { status, code: status === 'pass' ? 'LEGACY_PASS' : status === 'fail' ? 'LEGACY_FAIL' : 'LEGACY_NOT_PERFORMED' };
  }
  return JSON.stringify(out);
}

function checkTimings(v: unknown): Timings {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid('timings must be an object');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > 32) throw invalid('timings has more than 32 steps');
  const out: Timings = {};
  for (const [k, ms] of entries) {
    checkToken('timing step', k);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw invalid(`timing ${k} must be >= 0 ms`);
    out[k] = ms;
  }
  return out;
}

function checkVerdict(v: unknown): Verdict {
  if (!(VERDICTS as readonly unknown[]).includes(v)) throw invalid('verdict must be verified, not_verified or error');
  return v as Verdict;
}

function toRow(r: ReadableDb, e: EventInput): Omit<EventRow, 'id'> {
  const atMs = e.atMs === undefined ? clockMs(r) : checkEpochMs('atMs', e.atMs);
  if (e.idLast4 != null && !/^\d{4}$/.test(e.idLast4)) throw invalid('idLast4 must be exactly 4 digits');
  if (e.idHash != null && !isIdHash(e.idHash)) throw invalid('idHash must be 64 hex digits from idHash()');
  return {
    atMs,
    atIso: isoUtc(atMs),
    readerName: checkText('readerName', e.readerName),
    counterId: checkToken('counterId', e.counterId),
    purpose: checkToken('purpose', e.purpose),
    clientId: e.clientId == null ? null : checkToken('clientId', e.clientId),
    workflow: e.workflow == null ? null : checkToken('workflow', e.workflow),
    verdict: checkVerdict(e.verdict),
    tiers: JSON.stringify(checkTiers(e.tiers)),
    errorCode: e.errorCode == null ? null : checkToken('errorCode', e.errorCode),
    timings: JSON.stringify(checkTimings(e.timings)),
    documentType: checkOptionalText('documentType', e.documentType, 40),
    idLast4: e.idLast4 ?? null,
    idHash: e.idHash == null ? null : Buffer.from(e.idHash, 'hex'),
  };
}

function fromRow(row: EventRow): StoredEvent {
  return {
    id: row.id,
    atMs: row.atMs,
    atIso: row.atIso,
    readerName: row.readerName,
    counterId: row.counterId,
    purpose: row.purpose,
    clientId: row.clientId,
    workflow: row.workflow,
    verdict: checkVerdict(row.verdict),
    tiers: JSON.parse(row.tiers) as Tiers,
    errorCode: row.errorCode,
    timings: JSON.parse(row.timings) as Timings,
    documentType: row.documentType,
    idLast4: row.idLast4,
    idHash: row.idHash === null ? null : (row.idHash.toString('hex') as IdHash),
  };
}

/** The tiers a verdict needs when the caller does not say (every tier but the optional online one). */
const DEFAULT_REQUIRED = TIER_NAMES.filter((t) => t !== 'onlineConfirmed');

function insertRow(w: WritableDb, row: Omit<EventRow, 'id'>, actor: string, e: EventInput): number {
  const id = sqlInsertEvent(w, row);
  const tiers = JSON.parse(row.tiers) as Tiers;
  const timings = JSON.parse(row.timings) as Timings;
  const out = readOutcome({ verdict: row.verdict, errorCode: row.errorCode, tiers, requiredTiers: e.requiredTiers ?? DEFAULT_REQUIRED });
  appendFleetInTx(w, {
    kind: 'read',
    atMs: row.atMs,
    workflow: row.workflow ?? '',
    counter: row.counterId,
    reader: row.readerName,
    operator: e.operatorId == null ? '' : checkToken('operatorId', e.operatorId),
    verdict: row.verdict,
    reason: out.reason,
    category: out.category,
    alert: out.alert,
    documentType: row.documentType ?? '',
    totalMs: timings.totalMs ?? 0,
    apdus: timings.apdus ?? 0,
  });
  appendAuditInTx(w, {
    actor,
    action: 'event.recorded',
    details: { eventId: id, verdict: row.verdict, purpose: row.purpose, clientId: row.clientId, counterId: row.counterId, errorCode: row.errorCode },
  });
  return id;
}

/** Records one verification and its audit entry in one transaction; returns the event id. */
export function insertEvent(w: WritableDb, e: EventInput, opts: { actor?: string } = {}): number {
  const row = toRow(w, e);
  kioskId(w);
  return transaction(w, () => insertRow(w, row, opts.actor ?? 'service', e));
}

/**
 * Records many verifications (e.g. a queue kept while the disk was full) all-or-nothing, each with its
 * audit entry; returns their ids in order. Everything is validated before the first write.
 */
export function insertEvents(w: WritableDb, events: readonly EventInput[], opts: { actor?: string } = {}): number[] {
  const rows = events.map((e) => toRow(w, e));
  const actor = opts.actor ?? 'service';
  kioskId(w);
  return transaction(w, () => rows.map((row, i) => insertRow(w, row, actor, events[i]!)));
}

/** Newest first. `since` is inclusive, `until` exclusive (epoch ms). */
export function listEvents(r: ReadableDb, q: ListEventsQuery = {}): StoredEvent[] {
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 10_000);
  return sqlListEvents(r, {
    since: q.since ?? Number.MIN_SAFE_INTEGER,
    until: q.until ?? Number.MAX_SAFE_INTEGER,
    limit,
    verdict: q.verdict === undefined ? null : checkVerdict(q.verdict),
  }).map(fromRow);
}

/** Earlier events of the same person (same keyed hash), newest first. */
export function findByIdHash(r: ReadableDb, hash: IdHash, opts: { limit?: number } = {}): StoredEvent[] {
  if (!isIdHash(hash)) throw invalid('idHash must be 64 hex digits from idHash()');
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 1000);
  return sqlFindByIdHash(r, Buffer.from(hash, 'hex'), limit).map(fromRow);
}
