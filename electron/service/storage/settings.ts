/**
 * Settings: key → JSON value with typed getters and setters. Unknown keys are refused; a stored value that
 * no longer validates (hand-edited, older app) reads as the default. Every change is audited in the same
 * transaction, with the old and new value (settings never hold personal data).
 */
import { appendAuditInTx } from './audit.js';
import { checkToken, invalid, isoUtc } from './guard.js';
import { clockMs, sqlGetSetting, sqlPutSetting, transaction } from './sql.js';
import type { ReadableDb, WritableDb } from './types.js';

export interface Settings {
  /** Verification events older than this are purged. */
  retentionDays: number;
  /** The counter this kiosk serves; written into each event. */
  counterId: string;
  /** Purpose recorded when the caller gives none: 'kiosk', 'hospital-checkin', 'bank-kyc' … */
  defaultPurpose: string;
  /** Ask the online service (C06) for confirmation when available. */
  onlineVerification: boolean;
  /** Keep the last 4 ID digits on events (the keyed hash is kept either way). */
  keepIdLast4: boolean;
}
export type SettingKey = keyof Settings;

interface Spec<T> {
  default: T;
  parse(v: unknown): T | undefined;
}

const int = (min: number, max: number) => (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const token = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(v) ? v : undefined);

const SPECS: { [K in SettingKey]: Spec<Settings[K]> } = {
  retentionDays: { default: 30, parse: int(1, 3650) },
  counterId: { default: 'counter-1', parse: token },
  defaultPurpose: { default: 'kiosk', parse: token },
  onlineVerification: { default: false, parse: bool },
  keepIdLast4: { default: true, parse: bool },
};

export const SETTING_KEYS = Object.keys(SPECS) as SettingKey[];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SPECS[k].default])) as unknown as Settings,
);

function isSettingKey(k: unknown): k is SettingKey {
  return typeof k === 'string' && Object.prototype.hasOwnProperty.call(SPECS, k);
}

export function getSetting<K extends SettingKey>(r: ReadableDb, key: K): Settings[K] {
  if (!isSettingKey(key)) throw invalid('unknown setting');
  const spec: Spec<Settings[K]> = SPECS[key];
  const text = sqlGetSetting(r, key);
  if (text === undefined) return spec.default;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return spec.default;
  }
  return spec.parse(parsed) ?? spec.default;
}

export function getSettings(r: ReadableDb): Settings {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const k of SETTING_KEYS) out[k] = getSetting(r, k);
  return out as Settings;
}

/** Stores a setting and its audit entry in one transaction. Returns false when the value was unchanged. */
export function setSetting<K extends SettingKey>(
  w: WritableDb,
  key: K,
  value: Settings[K],
  opts: { actor?: string } = {},
): boolean {
  if (!isSettingKey(key)) throw invalid('unknown setting');
  const spec: Spec<Settings[K]> = SPECS[key];
  const parsed = spec.parse(value);
  if (parsed === undefined) throw invalid(`setting ${key} has an invalid value`);
  const actor = opts.actor ?? 'system';
  checkToken('setting key', key);
  return transaction(w, () => {
    const before = getSetting(w, key);
    const stored = sqlGetSetting(w, key);
    if (stored !== undefined && before === parsed) return false;
    const atMs = clockMs(w);
    sqlPutSetting(w, key, JSON.stringify(parsed), isoUtc(atMs));
    appendAuditInTx(w, { actor, action: 'setting.changed', atMs, details: { key, from: before, to: parsed } });
    return true;
  });
}
