/**
 * The parser of saved reads (chipid-dump/1 and /2): any JSON value either becomes a typed ReadDump or a
 * DUMP_INVALID error naming the field by its JSON path (`$.files.sod: expected a base64 string`). Strict
 * on purpose — unknown fields, non-canonical base64, an AA challenge that is not 8 bytes, control
 * characters in texts are refused — so that what is re-verified is exactly what was written. Messages
 * name fields, never values (a dump holds personal data).
 */
import { ChipIdError } from '../emrtd/errors.js';
import { AA_CHALLENGE_BYTES } from '../emrtd/aa/saved.js';
import { OUTCOME_STATUSES, type OutcomeStatus } from '../emrtd/outcome.js';
import type { KioskSignature } from './kiosk-signature.js';
import { DUMP_FORMATS, type DumpEvidence, type ReadDump, type RecordedCheck } from './read-card.js';

/** Far above a real read (DG2 is tens of kB); refuses absurd files before JSON.parse. */
export const MAX_DUMP_BYTES = 8 * 1024 * 1024;
const MAX_TEXT = 2000;
const DG_KEY = /^([1-9]|1[0-6])$/;
const DG_EVIDENCE_KEY = /^DG([1-9]|1[0-6])$/;

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const isOutcomeStatus = (s: unknown): s is OutcomeStatus => (OUTCOME_STATUSES as readonly unknown[]).includes(s);

const invalid = (path: string, what: string): ChipIdError => new ChipIdError('DUMP_INVALID', `${path}: ${what}`);

function obj(v: unknown, path: string, allowed: readonly string[] | RegExp, required: readonly string[] = []): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid(path, `expected an object, got ${kind(v)}`);
  const o = v as Obj;
  for (const k of Object.keys(o)) {
    const ok = Array.isArray(allowed) ? allowed.includes(k) : (allowed as RegExp).test(k);
    if (!ok) throw invalid(`${path}.${safeKey(k)}`, 'unknown field');
  }
  for (const k of required) if (!has(o, k)) throw invalid(`${path}.${k}`, 'missing');
  return o;
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string') throw invalid(path, `expected a string, got ${kind(v)}`);
  if (v.length > MAX_TEXT) throw invalid(path, `longer than ${MAX_TEXT} characters`);
  if (/[\u0000-\u001f\u007f]/.test(v)) throw invalid(path, 'contains control characters');
  return v;
}

function base64(v: unknown, path: string, exactBytes?: number): string {
  if (typeof v !== 'string') throw invalid(path, `expected a base64 string, got ${kind(v)}`);
  if (v.length > MAX_DUMP_BYTES || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw invalid(path, 'not base64');
  const bytes = Buffer.from(v, 'base64');
  if (bytes.toString('base64') !== v) throw invalid(path, 'not canonical base64');
  if (exactBytes !== undefined && bytes.length !== exactBytes) throw invalid(path, `expected ${exactBytes} bytes, got ${bytes.length}`);
  return v;
}

function opt<T>(o: Obj, k: string, path: string, f: (v: unknown, p: string) => T): T | undefined {
  return !has(o, k) ? undefined : f(o[k], `${path}.${k}`);
}

function check(v: unknown, path: string, extra: readonly string[] = []): RecordedCheck {
  const o = obj(v, path, ['status', 'reason', 'algorithm', ...extra], ['status', 'reason']);
  const status = o.status;
  if (!isOutcomeStatus(status)) throw invalid(`${path}.status`, 'expected "pass", "fail" or "not_performed"');
  const algorithm = opt(o, 'algorithm', path, text);
  return { status, reason: text(o.reason, `${path}.reason`), ...(algorithm !== undefined ? { algorithm } : {}) };
}

function evidence(v: unknown, path: string): DumpEvidence {
  const o = obj(v, path, /^(chipAuthentication|paceCam|activeAuthentication|DG([1-9]|1[0-6]))$/);
  const e: DumpEvidence = {};
  for (const k of Object.keys(o)) {
    const p = `${path}.${k}`;
    if (k === 'chipAuthentication' || k === 'paceCam') e[k] = check(o[k], p);
    else if (k === 'activeAuthentication') {
      const aa = obj(o[k], p, ['status', 'reason', 'algorithm', 'challenge', 'signature']);
      const c = check(aa, p, ['challenge', 'signature']);
      const challenge = opt(aa, 'challenge', p, (x, q) => base64(x, q, AA_CHALLENGE_BYTES));
      const signature = opt(aa, 'signature', p, (x, q) => base64(x, q));
      if ((challenge === undefined) !== (signature === undefined)) throw invalid(`${p}.${challenge === undefined ? 'challenge' : 'signature'}`, 'missing (challenge and signature come together)');
      e.activeAuthentication = { ...c, ...(challenge !== undefined && signature !== undefined ? { challenge, signature } : {}) };
    } else if (DG_EVIDENCE_KEY.test(k)) {
      const u = obj(o[k], p, ['status', 'sw'], ['status']);
      if (u.status !== 'unreadable') throw invalid(`${p}.status`, 'expected "unreadable"');
      const sw = opt(u, 'sw', p, (x, q) => {
        if (!Number.isInteger(x) || (x as number) < 0 || (x as number) > 0xffff) throw invalid(q, 'expected a status word (0–65535)');
        return x as number;
      });
      e[k as `DG${number}`] = { status: 'unreadable', ...(sw !== undefined ? { sw } : {}) };
    }
  }
  return e;
}

function signature(v: unknown, path: string): KioskSignature {
  const o = obj(v, path, ['algorithm', 'keyId', 'publicKey', 'value'], ['algorithm', 'keyId', 'publicKey', 'value']);
  if (o.algorithm !== 'Ed25519') throw invalid(`${path}.algorithm`, 'expected "Ed25519"');
  const keyId = text(o.keyId, `${path}.keyId`);
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw invalid(`${path}.keyId`, 'expected 16 lower-case hex digits');
  return { algorithm: 'Ed25519', keyId, publicKey: base64(o.publicKey, `${path}.publicKey`, 32), value: base64(o.value, `${path}.value`, 64) };
}

/** A parsed JSON value → a typed dump, or DUMP_INVALID naming the field. */
export function parseDump(v: unknown): ReadDump {
  const fields = ['format', 'createdAt', 'access', 'files', 'evidence', 'signature'] as const;
  const format = obj(v, '$', fields, ['format']).format;
  if (typeof format !== 'string' || !(DUMP_FORMATS as readonly string[]).includes(format)) throw invalid('$.format', `expected one of ${DUMP_FORMATS.join(', ')}`);
  const top = obj(v, '$', fields, ['createdAt', 'access', 'files', 'evidence']);
  const createdAt = text(top.createdAt, '$.createdAt');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(createdAt) || Number.isNaN(new Date(createdAt).getTime())) throw invalid('$.createdAt', 'expected an ISO date-time in UTC');
  const a = obj(top.access, '$.access', ['protocol', 'keySource', 'fallbackReason'], ['protocol', 'keySource']);
  const fallbackReason = opt(a, 'fallbackReason', '$.access', text);
  const access = { protocol: text(a.protocol, '$.access.protocol'), keySource: text(a.keySource, '$.access.keySource'), ...(fallbackReason !== undefined ? { fallbackReason } : {}) };
  const f = obj(top.files, '$.files', ['cardAccess', 'com', 'sod', 'dataGroups'], ['dataGroups']);
  const dgs = obj(f.dataGroups, '$.files.dataGroups', DG_KEY);
  const files: ReadDump['files'] = { dataGroups: Object.fromEntries(Object.entries(dgs).map(([k, x]) => [k, base64(x, `$.files.dataGroups.${k}`)])) };
  for (const k of ['cardAccess', 'com', 'sod'] as const) {
    const b = opt(f, k, '$.files', base64);
    if (b !== undefined) files[k] = b;
  }
  const sig = opt(top, 'signature', '$', signature);
  if (sig && format === 'chipid-dump/1') throw invalid('$.signature', 'chipid-dump/1 has no signature');
  return { format: format as ReadDump['format'], createdAt, access, files, evidence: evidence(top.evidence, '$.evidence'), ...(sig ? { signature: sig } : {}) };
}

/** The text of a dump file → a typed dump. */
export function parseDumpText(json: string): ReadDump {
  if (json.length > MAX_DUMP_BYTES) throw invalid('$', `larger than ${MAX_DUMP_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw invalid('$', 'not JSON');
  }
  return parseDump(v);
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** A field name from the file, shown safely (it may be anything). */
function safeKey(k: string): string {
  return /^[A-Za-z0-9_]{1,40}$/.test(k) ? k : JSON.stringify(k.slice(0, 40));
}
