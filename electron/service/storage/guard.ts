/**
 * Input checks shared by the storage modules: canonical JSON and a guard that refuses anything that looks
 * like a full ID number. These checks are a safety net, not the privacy design: callers must not pass names,
 * photos or numbers in the first place.
 */
import { ChipIdError } from '../../emrtd/errors.js';
import type { JsonObject, JsonValue } from './types.js';

/** A run of 9 or more digits: a 12-digit CCCD number, a 9-digit old CMND or an MRZ document number. */
const ID_LIKE = /\d{9,}/;
/** SHA-256 fingerprints and hashes (64 hex digits) are not IDs, whatever digit runs they contain. */
const HEX_DIGEST = /^[0-9a-f]{64}$/;
/** A paired API client's id (`c_` and 16 random hex digits, made by the kiosk): about one in twenty holds a
 *  run of nine digits by chance, and it is not personal data. */
const CLIENT_ID = /^c_[0-9a-f]{16}$/;

/** A kiosk signing key's id (the first 16 hex digits of its fingerprint): one key in ~20 holds such a run. */
const KEY_ID = /^[0-9a-f]{16}$/;
/** The kiosk's own random ids (`kyc_`, `rcp_` and 16 base-36 characters): about one in 10,000 holds such a run. */
const KIOSK_ID = /^[a-z]{2,4}_[0-9a-z]{16}$/;

function looksLikeId(s: string): boolean {
  return !HEX_DIGEST.test(s) && !CLIENT_ID.test(s) && !KEY_ID.test(s) && !KIOSK_ID.test(s) && ID_LIKE.test(s);
}

export function invalid(what: string): ChipIdError {
  return new ChipIdError('INTERNAL', `storage: ${what}`);
}

/** A short free-text field (reader name, counter id, reason): bounded and without ID-like digit runs. */
export function checkText(field: string, value: unknown, maxLength = 200): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (value.length > maxLength) throw invalid(`${field} is longer than ${maxLength} characters`);
  if (looksLikeId(value)) throw invalid(`${field} looks like it contains an ID number; refused`);
  return value;
}

export function checkOptionalText(field: string, value: unknown, maxLength = 200): string | null {
  if (value === undefined || value === null) return null;
  return checkText(field, value, maxLength);
}

/** Identifier-like field: 1–64 characters of [A-Za-z0-9._:-] (purpose, action, error code). */
export function checkToken(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(value)) {
    throw invalid(`${field} must be 1-64 characters of letters, digits, '.', '_', ':' or '-'`);
  }
  if (looksLikeId(value)) throw invalid(`${field} looks like it contains an ID number; refused`);
  return value;
}

export function checkEpochMs(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${field} must be a non-negative integer number of milliseconds`);
  }
  return value;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, only finite numbers. Strings are
 * checked by the ID guard; numbers are not (timestamps are long digit runs, and numbers are not IDs here).
 */
export function canonicalJson(value: unknown, where = 'details', depth = 0): string {
  if (depth > 16) throw invalid(`${where} is nested too deeply`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw invalid(`${where} contains a non-finite number`);
      return JSON.stringify(value);
    case 'string':
      if (looksLikeId(value)) throw invalid(`${where} looks like it contains an ID number; refused`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`, depth + 1)).join(',')}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw invalid(`${where} must be plain JSON`);
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      const parts = keys.map((k) => {
        if (looksLikeId(k)) throw invalid(`${where} key looks like an ID number; refused`);
        return `${JSON.stringify(k)}:${canonicalJson(obj[k], `${where}.${k}`, depth + 1)}`;
      });
      return `{${parts.join(',')}}`;
    }
    default:
      throw invalid(`${where} must be plain JSON`);
  }
}

export function parseJsonObject(text: string, where: string): JsonObject {
  const v: unknown = JSON.parse(text);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid(`${where} is not a JSON object`);
  return v as { [key: string]: JsonValue };
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
