/**
 * Data minimisation per purpose (PDPL 91/2025, Decree 356/2025: keep no more than a purpose needs).
 * A result is rebuilt from a whitelist, never copied and trimmed: fields outside the purpose are absent
 * (not null), and anything a future service version adds to a result stays out until it is listed here.
 * Pure: no node:*, no DOM.
 */
import {
  PURPOSE_FIELDS,
  PURPOSE_PHOTO,
  type ErrorInfo,
  type IdentityField,
  type IdentityView,
  type Purpose,
  type ReadResultView,
  type ServiceEvent,
  type SessionState,
} from './types.js';
import { TIERS, isReasonCode, storableParams, type Check, type TierName } from './tiers.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Last 4 digits of a 12-digit ID number, else undefined. */
export function idLast4(idNumber: string | null | undefined): string | undefined {
  return typeof idNumber === 'string' && /^[0-9]{12}$/.test(idNumber) ? idNumber.slice(8) : undefined;
}

/**
 * Free text (check reasons) may quote identity values, e.g. "valid until 2039-03-15". Values the purpose
 * withholds are blanked out; for a purpose without the ID number, every run of 6+ digits is too.
 */
function scrub(text: string, withheld: readonly string[], noDigits: boolean): string {
  let t = text;
  for (const v of withheld) {
    if (v.length < 4) continue;
    t = t.split(v).join('…');
    // the Vietnamese reasons write dates as dd/MM/yyyy
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (d) t = t.split(`${d[3]}/${d[2]}/${d[1]}`).join('…');
  }
  return noDigits ? t.replace(/[0-9]{6,}/g, '…') : t;
}

function copyCheck(c: Check, withheld: readonly string[], noDigits: boolean): Check {
  // Codes and their non-personal parameters only (a date or a certificate name stays on the kiosk screen).
  const params = storableParams(c.params);
  const also = (Array.isArray(c.also) ? c.also : []).filter((a) => isReasonCode(a?.code)).map((a) => {
    const p = storableParams(a.params);
    return { code: a.code, ...(p ? { params: p } : {}) };
  });
  return {
    status: c.status,
    ...(isReasonCode(c.code) ? { code: c.code } : {}),
    ...(params ? { params } : {}),
    ...(also.length ? { also } : {}),
    reason: scrub(String(c.reason), withheld, noDigits),
    ...(typeof c.reasonVi === 'string' ? { reasonVi: scrub(c.reasonVi, withheld, noDigits) } : {}),
    ...(typeof c.algorithm === 'string' ? { algorithm: c.algorithm } : {}),
  };
}

/**
 * The view of one read result a client with `purpose` may see. `wantPhoto`: the client asked for the
 * photo; it gets it only when its purpose allows photos too.
 */
export function filterResultForPurpose(result: ReadResultView, purpose: Purpose, wantPhoto: boolean): ReadResultView {
  const allowed: readonly IdentityField[] = PURPOSE_FIELDS[purpose] ?? [];
  const src: IdentityView = result.identity ?? {};
  const identity: IdentityView = {};
  const withheld: string[] = [];
  for (const [k, v] of Object.entries(src)) {
    if ((allowed as readonly string[]).includes(k)) identity[k as IdentityField] = v ?? null;
    else if (typeof v === 'string') withheld.push(v);
  }
  const showsId = allowed.includes('idNumber');
  const noDigits = !showsId;
  const checks = {} as Record<TierName, Check>;
  for (const t of TIERS) {
    const c = result.checks?.[t];
    checks[t] = c ? copyCheck(c, withheld, noDigits) : { status: 'not_performed', reason: '' };
  }
  const last4 = idLast4(src.idNumber) ?? (typeof result.idLast4 === 'string' && /^[0-9]{4}$/.test(result.idLast4) ? result.idLast4 : undefined);
  const out: ReadResultView = {
    readId: result.readId,
    readerId: result.readerId,
    verdict: result.verdict,
    checks,
    document: {
      type: result.document.type,
      issuingState: result.document.issuingState,
      // On a CCCD the document number is (part of) the ID number: it goes with the ID number.
      ...(showsId && hasOwn(result.document, 'documentNumber') ? { documentNumber: result.document.documentNumber ?? null } : {}),
    },
    identity,
    ...(last4 !== undefined ? { idLast4: last4 } : {}),
    access: {
      protocol: result.access.protocol,
      keySource: result.access.keySource,
      ...(typeof result.access.fallbackReason === 'string' ? { fallbackReason: result.access.fallbackReason } : {}),
    },
    source: 'chip',
    timings: { totalMs: result.timings.totalMs, cardMs: result.timings.cardMs, hostMs: result.timings.hostMs, apdus: result.timings.apdus },
    finishedAt: result.finishedAt,
  };
  // Unknown DG13 fields may be anything (the 2024 card adds family data): only the kiosk's own screen.
  if (purpose === 'kiosk' && result.otherFields) out.otherFields = result.otherFields.map((f) => ({ fieldNo: f.fieldNo, value: f.value }));
  if (wantPhoto && PURPOSE_PHOTO[purpose] === true && result.photo) {
    const p = result.photo;
    out.photo = { mime: p.mime, data: p.data, width: p.width, height: p.height };
  }
  return out;
}

const copyError = (e: ErrorInfo): ErrorInfo => ({ code: e.code, message: e.message, messageVi: e.messageVi });

function filterSession(s: SessionState, purpose: Purpose, wantPhoto: boolean): SessionState | null {
  switch (s.state) {
    case 'waiting':
    case 'verifying':
      return { state: s.state };
    case 'key_needed':
      return { state: 'key_needed', pace: s.pace };
    case 'reading':
      return { state: 'reading', progress: s.progress };
    case 'result':
      return { state: 'result', result: filterResultForPurpose(s.result, purpose, wantPhoto) };
    case 'error':
      return { state: 'error', error: copyError(s.error), resumable: s.resumable };
    default:
      return null;
  }
}

/**
 * The event a client with `purpose` may see, or null when it must not be sent (unknown types are
 * dropped: new event types reach local API clients only once they are listed here).
 * `wantPhoto(readerId)`: did this client ask for the photo on that reader.
 */
export function filterEventForPurpose(e: ServiceEvent, purpose: Purpose, wantPhoto: (readerId: string) => boolean): ServiceEvent | null {
  switch (e.type) {
    case 'readerAdded':
    case 'readerChanged':
    case 'readerRemoved':
      return e;
    case 'error':
      return { type: 'error', ...(e.readerId !== undefined ? { readerId: e.readerId } : {}), error: copyError(e.error) };
    case 'session': {
      // A result travels only inside the session state: the purpose filter rebuilds it here.
      const s = filterSession(e.session, purpose, wantPhoto(e.readerId));
      return s ? { type: 'session', readerId: e.readerId, session: s } : null;
    }
    case 'settingsChanged':
      // The operator settings are the kiosk's own business: paired clients never see them.
      return purpose === 'kiosk' ? e : null;
    case 'workflow':
      // A workflow's news (personal data included) goes to the kiosk's UI and to clients of its purpose only.
      return purpose === 'kiosk' || purpose === e.workflow ? e : null;
    default:
      return null;
  }
}
