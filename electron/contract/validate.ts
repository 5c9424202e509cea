/**
 * Runtime validation of what untrusted front ends send (local API clients, the renderer): every request,
 * checked against the method table's schemas (methods.ts, views.ts). Pure: no node:*, no DOM. The server
 * trusts nothing that did not pass here. The answer to a refused request is the code its schema names:
 * API_MALFORMED (not an object, unknown or missing-type field), API_UNKNOWN_TYPE, API_INVALID_FIELD naming
 * the field, KEY_INVALID, API_UNAUTHORIZED (a malformed hello token).
 */
import * as v from 'valibot';
import { API_LIMITS } from './views.js';
import { CORE_METHODS, type MethodTable, type RequestOf } from './methods.js';
import { apiError, type ApiErrorCode, type ErrorInfo, type Result } from './errors.js';
import { KeyInputSchema, LABEL_RE, REQUEST_ID_RE, READER_ID_RE, SCANNER_FRAMING_RE, SettingsPatchSchema, TOKEN_RE, type KeyInput, type SettingsPatch } from './views.js';
export { apiError, type ApiErrorCode } from './errors.js';
export { LABEL_RE, NEW_PIN_RE, PIN_RE, READER_ID_RE, REQUEST_ID_RE, TOKEN_RE } from './views.js';

export type Request = RequestOf<typeof CORE_METHODS>;
export type RequestType = Request['type'];
export const REQUEST_TYPES = Object.keys(CORE_METHODS) as RequestType[];

export const isRequestId = (x: unknown): x is string => typeof x === 'string' && REQUEST_ID_RE.test(x);
export const isToken = (x: unknown): x is string => typeof x === 'string' && TOKEN_RE.test(x);
export const isReaderId = (x: unknown): x is string => typeof x === 'string' && READER_ID_RE.test(x);
export const isLabel = (x: unknown): x is string => typeof x === 'string' && LABEL_RE.test(x);
/** A QR scanner prefix/suffix: printable ASCII without space, short ('' = none). */
export const isScannerFraming = (x: unknown): x is string => typeof x === 'string' && SCANNER_FRAMING_RE.test(x);

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

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

const API_CODES = new Set<string>(['API_MALFORMED', 'API_INVALID_FIELD', 'KEY_INVALID', 'API_UNAUTHORIZED', 'API_TOO_LARGE']);
const codeOf = (message: string): ApiErrorCode => (API_CODES.has(message) ? (message as ApiErrorCode) : 'API_MALFORMED');

/** The error answer of a code; API_INVALID_FIELD names the field, so the operator or integrator knows which one to fix. */
function failure(code: ApiErrorCode, field?: string): ErrorInfo {
  const e = apiError(code);
  if (code !== 'API_INVALID_FIELD' || field === undefined) return e;
  return { ...e, message: `${e.message} (${field})`, messageVi: `${e.messageVi} (${field})` };
}

/**
 * Runs a schema; a refusal is the code its failing schema names. A missing required field (valibot reports
 * it on the enclosing object) is answered as the field's own schema answers `undefined`.
 */
function run<S extends v.GenericSchema>(schema: S, input: unknown, entries?: v.ObjectEntries): Result<v.InferOutput<S>> {
  const r = v.safeParse(schema, input, { abortEarly: true });
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = issue.path ?? [];
  const field = path.length > 0 ? String(path[path.length - 1]!.key) : undefined;
  let code = codeOf(issue.message);
  const own = entries && path.length === 1 && issue.input === undefined && field !== undefined ? entries[field] : undefined;
  if (own) {
    const again = v.safeParse(own, undefined, { abortEarly: true });
    if (!again.success) code = codeOf(again.issues[0].message);
  }
  return { ok: false, error: failure(code, field) };
}

/**
 * The form of the key (not its meaning: the service plans the keys). The ID number may carry the
 * spaces, dots and dashes people type between groups; dates are yyyy-MM-dd, dd/MM/yyyy or ddMMyyyy.
 * Returns a copy holding only the key fields, so nothing else travels on.
 */
export const validateKey = (x: unknown): Result<KeyInput> => run(KeyInputSchema, x);

/** The part of updateSettings a client may send: known keys only, each in range. */
export const validateSettingsPatch = (x: unknown): Result<SettingsPatch> => run(SettingsPatchSchema, x);

/** A parse failure that still knows the request id (when it could be read), for the response. */
export type ParsedRequest<R = Request> = { ok: true; value: R } | { ok: false; error: ErrorInfo; id?: string };

/** One strict object per method (type, id and the params), built once per table. */
const requestSchemas = new WeakMap<MethodTable, Map<string, v.GenericSchema>>();
function schemasOf(table: MethodTable): Map<string, v.GenericSchema> {
  let m = requestSchemas.get(table);
  if (!m) {
    m = new Map(Object.entries(table).map(([name, spec]) => [name, v.strictObject(spec.params, 'API_MALFORMED')]));
    requestSchemas.set(table, m);
  }
  return m;
}

/** Validates an already-parsed JSON value as a request of `table` (default: the kiosk's own methods). */
export function validateRequest<T extends MethodTable = typeof CORE_METHODS>(x: unknown, table: T = CORE_METHODS as unknown as T): ParsedRequest<RequestOf<T>> {
  if (!isPlainObject(x) || typeof x.type !== 'string') return { ok: false, error: apiError('API_MALFORMED') };
  if (!isRequestId(x.id)) return { ok: false, error: apiError(typeof x.id === 'string' ? 'API_INVALID_FIELD' : 'API_MALFORMED') };
  const { type, id, ...params } = x;
  const schema = Object.prototype.hasOwnProperty.call(table, type) ? schemasOf(table).get(type) : undefined;
  if (!schema) return { ok: false, error: apiError('API_UNKNOWN_TYPE'), id };
  // A field the method does not have is a malformed request, whatever the other fields hold.
  const entries = table[type]?.params ?? {};
  if (Object.keys(params).some((k) => !Object.prototype.hasOwnProperty.call(entries, k))) return { ok: false, error: apiError('API_MALFORMED'), id };
  const r = run(schema, params, entries);
  if (!r.ok) return { ...r, id };
  return { ok: true, value: { type, id, ...(r.value as object) } as RequestOf<T> };
}

/** Text off the wire → a request of `table`, or the precise reason it is not one. */
export function parseRequest<T extends MethodTable = typeof CORE_METHODS>(text: string, maxBytes: number = API_LIMITS.maxMessageBytes, table?: T): ParsedRequest<RequestOf<T>> {
  if (text.length > maxBytes || utf8Length(text) > maxBytes) return { ok: false, error: apiError('API_TOO_LARGE') };
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    return { ok: false, error: apiError('API_MALFORMED') };
  }
  const t = table ?? (CORE_METHODS as unknown as T);
  // A method carrying data may be larger than the default (its own cap); every other one is held to the default.
  const type = x && typeof x === 'object' ? (x as { type?: unknown }).type : undefined;
  const spec = typeof type === 'string' && Object.prototype.hasOwnProperty.call(t, type) ? t[type] : undefined;
  if (utf8Length(text) > Math.min(maxBytes, spec?.maxMessageBytes ?? API_LIMITS.maxMessageBytes)) {
    return { ok: false, error: apiError('API_TOO_LARGE'), ...(x && typeof x === 'object' && isRequestId((x as { id?: unknown }).id) ? { id: (x as { id: string }).id } : {}) };
  }
  return validateRequest(x, t);
}

/** The largest request any method of `table` may send (the transport's hard cap on one message). */
export function largestRequestBytes(table: MethodTable): number {
  return Math.max(API_LIMITS.maxMessageBytes, ...Object.values(table).map((m) => m.maxMessageBytes ?? 0));
}
