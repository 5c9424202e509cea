/**
 * Runtime validation of what untrusted front ends send (local API clients, the renderer): every Request,
 * the key staff typed, ids. Pure: no node:*, no DOM. The server trusts nothing that did not pass here.
 * The JSON schema in chipid-api.schema.json says the same thing declaratively (api-contract.test.ts keeps
 * the two in step).
 */
import { API_LIMITS, KIOSK_MODES, SCANNER_FRAMING_RE, SETTINGS_LIMITS, WORKFLOW_NAME_RE, type KeyInput, type KioskMode, type Request, type RequestType, type Result, type SettingsPatch } from './types.js';

import { apiError, type ApiErrorCode, type ErrorInfo } from './errors.js';
export { apiError, type ApiErrorCode } from './errors.js';

const fail = <T>(code: ApiErrorCode): Result<T> => ({ ok: false, error: apiError(code) });

/** API_INVALID_FIELD naming the field, so the operator or integrator knows which one to fix. */
const failField = <T>(field: string): Result<T> => {
  const e = apiError('API_INVALID_FIELD');
  return { ok: false, error: { ...e, message: `${e.message} (${field})`, messageVi: `${e.messageVi} (${field})` } };
};

export const REQUEST_TYPES: readonly RequestType[] = [
  'hello',
  'listReaders',
  'startRead',
  'cancel',
  'status',
  'demoCard',
  'adminUnlock',
  'getSettings',
  'updateSettings',
  'configureReader',
  'trustStatus',
  'changeAdminPin',
  'setFirstAdminPin',
  'exitKiosk',
];

/** Request ids: chosen by the client, echoed in the response. */
export const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
/** Tokens: 32 random bytes in base64url (43 characters); room for longer ones. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{32,128}$/;
/** Reader ids: 'virtual:N' or 'pcsc:<reader name>' (printable, no control characters). */
export const READER_ID_RE = /^(virtual:[0-9]{1,4}|pcsc:[^\u0000-\u001f\u007f]{1,200})$/;
const CLIENT_NAME_RE = /^[^\u0000-\u001f\u007f]{1,64}$/;
const PROFILE_RE = /^[a-z0-9-]{1,32}$/;
/** The PIN given to unlock: digits only (its value is checked by the service, rate-limited). */
export const PIN_RE = new RegExp(`^[0-9]{${SETTINGS_LIMITS.pinMinLength},${SETTINGS_LIMITS.pinMaxLength}}$`);
/** A new PIN: 6–12 digits (the service also refuses guessable ones: ADMIN_PIN_WEAK). */
export const NEW_PIN_RE = new RegExp(`^[0-9]{${SETTINGS_LIMITS.newPinMinLength},${SETTINGS_LIMITS.pinMaxLength}}$`);
/**
 * Reader labels and counters: printable, '' clears. A run of 9+ digits is refused: a label must never
 * carry an ID number (it is shown on screen, sent to paired clients and written to the audit log).
 */
export const LABEL_RE = new RegExp(`^(?![\\s\\S]*[0-9]{9})[^\\u0000-\\u001f\\u007f]{0,${SETTINGS_LIMITS.labelMaxLength}}$`);

export const isRequestId = (v: unknown): v is string => typeof v === 'string' && REQUEST_ID_RE.test(v);
export const isToken = (v: unknown): v is string => typeof v === 'string' && TOKEN_RE.test(v);
export const isReaderId = (v: unknown): v is string => typeof v === 'string' && READER_ID_RE.test(v);
export const isLabel = (v: unknown): v is string => typeof v === 'string' && LABEL_RE.test(v);
export const isWorkflowName = (v: unknown): v is string => typeof v === 'string' && WORKFLOW_NAME_RE.test(v);
const isIntIn = (v: unknown, r: { min: number; max: number }): v is number => typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max;
/** A QR scanner prefix/suffix: printable ASCII without space, short ('' = none). */
export const isScannerFraming = (v: unknown): v is string => typeof v === 'string' && SCANNER_FRAMING_RE.test(v);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Byte length of a string in UTF-8 without encoding it (pure: no Buffer, no TextEncoder needed). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---- the key ----

const ID_RE = /^[0-9]{12}$/;
const DATE_RES = [/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, /^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}$/, /^[0-9]{8}$/];
const CAN_RE = /^[0-9]{6}$/;
const MRZ_RE = /^[A-Za-z0-9< \r\n]{30,100}$/;
const QR_MAX = 512;
const KEY_FIELDS = ['id', 'dob', 'doe', 'mrz', 'can', 'qr'] as const;

/**
 * The form of the key (not its meaning: the service plans the keys). The ID number may carry the
 * spaces, dots and dashes people type between groups; dates are yyyy-MM-dd, dd/MM/yyyy or ddMMyyyy.
 * Returns a copy holding only the key fields, so nothing else travels on.
 */
export function validateKey(v: unknown): Result<KeyInput> {
  if (!isPlainObject(v)) return fail('KEY_INVALID');
  const out: KeyInput = {};
  for (const [k, val] of Object.entries(v)) {
    if (!(KEY_FIELDS as readonly string[]).includes(k) || typeof val !== 'string') return fail('KEY_INVALID');
  }
  const s = v as Record<(typeof KEY_FIELDS)[number], string | undefined>;
  if (s.id !== undefined) {
    if (s.id.length > 20 || !ID_RE.test(s.id.replace(/[\s.-]/g, ''))) return fail('KEY_INVALID');
    out.id = s.id;
  }
  for (const d of ['dob', 'doe'] as const) {
    const val = s[d];
    if (val === undefined) continue;
    if (!DATE_RES.some((re) => re.test(val.trim()))) return fail('KEY_INVALID');
    out[d] = val;
  }
  if ((out.dob !== undefined || out.doe !== undefined) && out.id === undefined) return fail('KEY_INVALID');
  if (s.can !== undefined) {
    if (!CAN_RE.test(s.can)) return fail('KEY_INVALID');
    out.can = s.can;
  }
  if (s.mrz !== undefined) {
    if (!MRZ_RE.test(s.mrz)) return fail('KEY_INVALID');
    out.mrz = s.mrz;
  }
  if (s.qr !== undefined) {
    // QR text as a scanner types it: printable, one line or a few, bounded.
    if (s.qr.length === 0 || s.qr.length > QR_MAX || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(s.qr)) return fail('KEY_INVALID');
    out.qr = s.qr;
  }
  if (out.id === undefined && out.can === undefined && out.mrz === undefined && out.qr === undefined) return fail('KEY_INVALID');
  return { ok: true, value: out };
}

// ---- requests ----

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return false;
  return true;
}

/** The part of updateSettings a client may send: known keys only, each in range. */
export function validateSettingsPatch(v: unknown): Result<SettingsPatch> {
  if (!isPlainObject(v) || !onlyKeys(v, ['retentionDays', 'resultTimeoutSeconds', 'mode', 'scannerPrefix', 'scannerSuffix'])) return fail('API_MALFORMED');
  const out: SettingsPatch = {};
  if (v.retentionDays !== undefined) {
    if (!isIntIn(v.retentionDays, SETTINGS_LIMITS.retentionDays)) return failField('retentionDays');
    out.retentionDays = v.retentionDays;
  }
  if (v.resultTimeoutSeconds !== undefined) {
    if (!isIntIn(v.resultTimeoutSeconds, SETTINGS_LIMITS.resultTimeoutSeconds)) return failField('resultTimeoutSeconds');
    out.resultTimeoutSeconds = v.resultTimeoutSeconds;
  }
  if (v.mode !== undefined) {
    if (!(KIOSK_MODES as readonly unknown[]).includes(v.mode)) return failField('mode');
    out.mode = v.mode as KioskMode;
  }
  for (const k of ['scannerPrefix', 'scannerSuffix'] as const) {
    const val = v[k];
    if (val === undefined) continue;
    if (!isScannerFraming(val)) return failField(k);
    out[k] = val;
  }
  return { ok: true, value: out };
}

/** A parse failure that still knows the request id (when it could be read), for the response. */
export type ParsedRequest = { ok: true; value: Request } | { ok: false; error: ErrorInfo; id?: string };

/** Validates an already-parsed JSON value as a Request. */
export function validateRequest(v: unknown): ParsedRequest {
  if (!isPlainObject(v) || typeof v.type !== 'string') return fail('API_MALFORMED');
  if (!isRequestId(v.id)) return typeof v.id === 'string' ? fail('API_INVALID_FIELD') : fail('API_MALFORMED');
  const id = v.id;
  const withId = (r: Result<Request>): ParsedRequest => (r.ok ? r : { ...r, id });
  if (!(REQUEST_TYPES as readonly string[]).includes(v.type)) return withId(fail('API_UNKNOWN_TYPE'));
  const type = v.type as RequestType;
  switch (type) {
    case 'hello': {
      if (!onlyKeys(v, ['type', 'id', 'token', 'client'])) return withId(fail('API_MALFORMED'));
      if (v.token !== undefined && typeof v.token !== 'string') return withId(fail('API_MALFORMED'));
      // A malformed token is an unknown token: say "unauthorized", not how it is malformed.
      if (v.token !== undefined && !isToken(v.token)) return withId(fail('API_UNAUTHORIZED'));
      if (v.client !== undefined && (typeof v.client !== 'string' || !CLIENT_NAME_RE.test(v.client))) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, ...(typeof v.token === 'string' ? { token: v.token } : {}), ...(typeof v.client === 'string' ? { client: v.client } : {}) } };
    }
    case 'listReaders':
    case 'status':
      if (!onlyKeys(v, ['type', 'id'])) return withId(fail('API_MALFORMED'));
      return { ok: true, value: { type, id } };
    case 'cancel':
      if (!onlyKeys(v, ['type', 'id', 'readerId'])) return withId(fail('API_MALFORMED'));
      if (!isReaderId(v.readerId)) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, readerId: v.readerId } };
    case 'startRead': {
      if (!onlyKeys(v, ['type', 'id', 'readerId', 'key', 'photo'])) return withId(fail('API_MALFORMED'));
      if (!isReaderId(v.readerId)) return withId(fail('API_INVALID_FIELD'));
      if (v.photo !== undefined && typeof v.photo !== 'boolean') return withId(fail('API_INVALID_FIELD'));
      const key = validateKey(v.key);
      if (!key.ok) return withId(key);
      return { ok: true, value: { type, id, readerId: v.readerId, key: key.value, ...(v.photo !== undefined ? { photo: v.photo } : {}) } };
    }
    case 'demoCard': {
      if (!onlyKeys(v, ['type', 'id', 'readerId', 'action', 'profile'])) return withId(fail('API_MALFORMED'));
      if (!isReaderId(v.readerId) || (v.action !== 'insert' && v.action !== 'remove')) return withId(fail('API_INVALID_FIELD'));
      if (v.profile !== undefined && (typeof v.profile !== 'string' || !PROFILE_RE.test(v.profile))) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, readerId: v.readerId, action: v.action, ...(typeof v.profile === 'string' ? { profile: v.profile } : {}) } };
    }
    case 'getSettings':
    case 'trustStatus':
      if (!onlyKeys(v, ['type', 'id'])) return withId(fail('API_MALFORMED'));
      return { ok: true, value: { type, id } };
    case 'adminUnlock':
      if (!onlyKeys(v, ['type', 'id', 'pin']) || typeof v.pin !== 'string') return withId(fail('API_MALFORMED'));
      if (!PIN_RE.test(v.pin)) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, pin: v.pin } };
    case 'exitKiosk':
      if (!onlyKeys(v, ['type', 'id', 'session'])) return withId(fail('API_MALFORMED'));
      if (!isToken(v.session)) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, session: v.session } };
    case 'changeAdminPin':
      if (!onlyKeys(v, ['type', 'id', 'session', 'newPin']) || typeof v.newPin !== 'string') return withId(fail('API_MALFORMED'));
      if (!isToken(v.session) || !NEW_PIN_RE.test(v.newPin)) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, session: v.session, newPin: v.newPin } };
    case 'setFirstAdminPin':
      if (!onlyKeys(v, ['type', 'id', 'newPin']) || typeof v.newPin !== 'string') return withId(fail('API_MALFORMED'));
      if (!NEW_PIN_RE.test(v.newPin)) return withId(fail('API_INVALID_FIELD'));
      return { ok: true, value: { type, id, newPin: v.newPin } };
    case 'updateSettings': {
      if (!onlyKeys(v, ['type', 'id', 'session', 'patch'])) return withId(fail('API_MALFORMED'));
      if (!isToken(v.session)) return withId(fail('API_INVALID_FIELD'));
      const patch = validateSettingsPatch(v.patch);
      if (!patch.ok) return withId(patch);
      return { ok: true, value: { type, id, session: v.session, patch: patch.value } };
    }
    case 'configureReader': {
      if (!onlyKeys(v, ['type', 'id', 'session', 'readerId', 'label', 'counter', 'workflow', 'operator'])) return withId(fail('API_MALFORMED'));
      if (!isToken(v.session) || !isReaderId(v.readerId)) return withId(fail('API_INVALID_FIELD'));
      if ((v.label !== undefined && !isLabel(v.label)) || (v.counter !== undefined && !isLabel(v.counter))) return withId(fail('API_INVALID_FIELD'));
      if ((v.operator !== undefined && !isLabel(v.operator)) || (v.workflow !== undefined && !isWorkflowName(v.workflow))) return withId(fail('API_INVALID_FIELD'));
      const text = (k: 'label' | 'counter' | 'workflow' | 'operator') => (typeof v[k] === 'string' ? { [k]: v[k] as string } : {});
      return {
        ok: true,
        value: { type, id, session: v.session, readerId: v.readerId, ...text('label'), ...text('counter'), ...text('workflow'), ...text('operator') },
      };
    }
  }
}

/** Text off the wire → a Request, or the precise reason it is not one. */
export function parseRequest(text: string, maxBytes: number = API_LIMITS.maxMessageBytes): ParsedRequest {
  if (text.length > maxBytes || utf8Length(text) > maxBytes) return fail('API_TOO_LARGE');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return fail('API_MALFORMED');
  }
  return validateRequest(v);
}
