/**
 * A finished read → what the front ends see (the contract's ReadResultView, photo as display JPEG) and
 * what the audit store keeps (verdict, each tier's status and reason code, timings, who asked and why, the
 * last 4 digits and a keyed hash of the ID — nothing else personal; no reason text, no date).
 */
import { randomUUID } from 'node:crypto';
import { StorageError } from './storage/errors.js';
import { portraitToJpeg } from '../emrtd/image/jp2.js';
import { IDENTITY_FIELDS, type ReadClient, type ReadResultView, type ReaderView, type ServiceEvent } from '../contract/types.js';
import { TIERS, storableParams, type StoredCheck, type TierName } from '../contract/tiers.js';
import type { CodedCheck as Check } from '../contract/tiers.js';
import { toErrorInfo } from '../contract/errors.js';
import { OPERATOR_ID_RE } from '../contract/views.js';
import type { ReadCardResult } from './read-card.js';
import { counterToken } from './admin.js';
import { insertEvent, type Storage } from './storage/index.js';

export async function resultView(reader: ReaderView, res: ReadCardResult, photo: boolean): Promise<ReadResultView> {
  const o = res.output;
  const identity: ReadResultView['identity'] = {};
  for (const k of IDENTITY_FIELDS) identity[k] = o.identity[k] ?? null;
  const view: ReadResultView = {
    readId: randomUUID(),
    readerId: reader.id,
    verdict: o.verdict,
    checks: perTier((t) => o.checks[t]),
    document: { type: o.document.type, issuingState: o.document.issuingState, documentNumber: o.document.documentNumber },
    identity,
    ...(o.identity.otherFields ? { otherFields: o.identity.otherFields } : {}),
    access: o.access,
    source: 'chip',
    timings: { totalMs: o.stats.totalMs, cardMs: o.stats.cardMs, hostMs: o.stats.hostMs, apdus: o.stats.apdus },
    finishedAt: new Date().toISOString(),
  };
  if (photo && res.photoBytes && o.photo) {
    const jpeg = o.photo.format === 'jpeg' ? res.photoBytes : await portraitToJpeg(res.photoBytes);
    view.photo = { mime: 'image/jpeg', data: Buffer.from(jpeg).toString('base64'), width: o.photo.width, height: o.photo.height };
  }
  return view;
}

/** The store refuses anything that looks like an ID number (9+ digits in a row); reader serials or
 *  certificate names can hold such runs: mask them rather than lose the record. */
const mask = (t: string): string => t.replace(/\d{9,}/g, (m) => '#'.repeat(m.length));

/** One value per tier of the table, in its order (the front ends and the store see the tiers only). */
function perTier<T>(f: (t: TierName) => T): Record<TierName, T> {
  return Object.fromEntries(TIERS.map((t) => [t, f(t)])) as Record<TierName, T>;
}

/** A tier as stored: status, code and only the non-personal parameters (never the reason text or a date). */
function storedTier(c: Check): StoredCheck {
  const params = storableParams(c.params);
  const also = (c.also ?? []).map((a) => {
    const p = storableParams(a.params);
    return { code: a.code, ...(p ? { params: p } : {}) };
  });
  return { status: c.status, code: c.code, ...(params ? { params } : {}), ...(also.length ? { also } : {}) };
}

type RecordOptions = { counterId?: string; client: ReadClient; requiredTiers?: readonly TierName[] };

/** Where and for whom a read happened: the part every stored event shares (nothing personal). */
function eventOrigin(reader: ReaderView, opts: RecordOptions) {
  return {
    readerName: mask(reader.name),
    counterId: counterToken(reader.counter ?? opts.counterId ?? 'default'),
    purpose: opts.client.purpose,
    clientId: opts.client.clientId,
    ...(reader.workflow !== undefined ? { workflow: reader.workflow } : {}),
    // The fleet outbox only (operator ids, never names; the tiers that decide a refusal at this counter).
    ...(reader.operator !== undefined && OPERATOR_ID_RE.test(reader.operator) ? { operatorId: reader.operator } : {}),
    ...(opts.requiredTiers ? { requiredTiers: opts.requiredTiers } : {}),
  };
}

/** Records the verification; a record that cannot be stored is reported as an error event, never dropped silently. */
export function recordVerification(
  storage: Storage,
  reader: ReaderView,
  res: ReadCardResult,
  opts: RecordOptions,
  emit: (e: ServiceEvent) => void,
): void {
  const o = res.output;
  const id = o.identity.idNumber;
  const ref = id && /^\d{12}$/.test(id) ? storage.idRef(id) : undefined;
  try {
    insertEvent(storage.write, {
      ...eventOrigin(reader, opts),
      verdict: o.verdict,
      tiers: perTier((t) => storedTier(o.checks[t])),
      timings: { totalMs: o.stats.totalMs, cardMs: o.stats.cardMs, hostMs: o.stats.hostMs, apdus: o.stats.apdus },
      documentType: o.document.type,
      ...(ref ? { idLast4: ref.idLast4, idHash: ref.idHash } : {}),
    });
  } catch (err) {
    emit({ type: 'error', readerId: reader.id, error: toErrorInfo(new StorageError('STORAGE_ERROR', 'verification could not be recorded', { cause: err })) });
  }
}

/**
 * Records a read that stopped with an error (the chip refused the key, the card was lifted, the reader
 * failed): its error code (verdict `error`), no tier performed, nothing personal.
 */
export function recordFailed(
  storage: Storage,
  reader: ReaderView,
  failed: { code: string; elapsedMs: number },
  opts: RecordOptions,
  emit: (e: ServiceEvent) => void,
): void {
  const none: StoredCheck = { status: 'not_performed', code: 'READ_FAILED' };
  try {
    insertEvent(storage.write, {
      ...eventOrigin(reader, opts),
      verdict: 'error',
      errorCode: failed.code,
      tiers: perTier(() => none),
      timings: { totalMs: Math.round(failed.elapsedMs) },
    });
  } catch (err) {
    emit({ type: 'error', readerId: reader.id, error: toErrorInfo(new StorageError('STORAGE_ERROR', 'failed read could not be recorded', { cause: err })) });
  }
}

/**
 * Records a cancelled read (staff, a reader unplugged, the service closing): outcome CANCELLED (verdict
 * `error`), no tier performed, nothing personal.
 */
export function recordCancelled(
  storage: Storage,
  reader: ReaderView,
  cancelled: { step: string; elapsedMs: number },
  opts: RecordOptions,
  emit: (e: ServiceEvent) => void,
): void {
  const none: StoredCheck = { status: 'not_performed', code: 'READ_CANCELLED' };
  try {
    insertEvent(storage.write, {
      ...eventOrigin(reader, opts),
      verdict: 'error',
      errorCode: 'CANCELLED',
      tiers: perTier(() => none),
      timings: { totalMs: Math.round(cancelled.elapsedMs) },
    });
  } catch (err) {
    emit({ type: 'error', readerId: reader.id, error: toErrorInfo(new StorageError('STORAGE_ERROR', 'cancelled read could not be recorded', { cause: err })) });
  }
}
