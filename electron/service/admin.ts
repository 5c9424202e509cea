/**
 * The operator side of the kiosk service: the admin PIN and admin sessions, the operator settings (retention,
 * result timeout, mode, reader labels and counters) and the trust-store summary the settings screen shows.
 *
 * The PIN is kept only as a salted scrypt hash in the storage's settings table. There is no default PIN:
 * until one is set, admin actions answer ADMIN_PIN_NOT_SET. It is set by CHIPID_ADMIN_PIN (4–12 digits, for
 * unattended installs) at start, by the first-PIN request of the kiosk's own UI (only while none is set,
 * race-safe across processes: checked again inside the write transaction), or by `chipid admin set-pin`.
 * A PIN record of an older version flagged as the shipped default counts as no PIN. A PIN the operator chose
 * is never overridden by the environment. The record is re-read from storage at each use, so a PIN set by
 * the CLI applies to a running service at once. Wrong PINs: at most 5 per 5 minutes (ADMIN_LOCKED), kept.
 * Every change is audited in the same transaction (never a PIN, a hash or a session token).
 */
import type { SettingValue } from './workflows/types.js';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ChipIdError } from '../emrtd/errors.js';
import { AdminError } from './admin-errors.js';
import type { TrustStore } from '../pki/truststore.js';
import { countryOf } from '../pki/name.js';
import {
  KIOSK_MODES,
  SETTINGS_LIMITS,
  WORKFLOW_NAME_RE,
  type KioskMode,
  type ReaderConfig,
  type TrustSourceView,
  type TrustStatus,
} from '../contract/types.js';
import { isLabel, isScannerFraming } from '../contract/validate.js';
import { appendAuditInTx } from './storage/audit.js';
import { sqlGetSetting, sqlPutSetting, clockMs } from './storage/sql.js';
import { transaction, type Storage, type JsonObject } from './storage/index.js';
import { DEMO_SOURCE } from './trust.js';

/** The PIN older versions shipped with: never accepted as a new PIN, and a stored default counts as none. */
export const DEFAULT_ADMIN_PIN = '123456';
export const ADMIN_SESSION_MS = 10 * 60_000;
export const MAX_WRONG_PINS = 5;
export const WRONG_PIN_WINDOW_MS = 5 * 60_000;
const MAX_SESSIONS = 8;

// Keys of the storage's settings table owned by this module (the storage's own typed settings hold
// retentionDays; see storage/settings.ts).
const KEY_PIN = 'admin.pin';
/** Times of recent wrong PINs, kept so a restart does not reset the lockout. */
const KEY_FAILURES = 'admin.wrongPinTimes';
const KEY_TIMEOUT = 'kiosk.resultTimeoutSeconds';
const KEY_MODE = 'kiosk.mode';
const KEY_READERS = 'kiosk.readers';
const KEY_SCANNER_PREFIX = 'kiosk.scannerPrefix';
const KEY_SCANNER_SUFFIX = 'kiosk.scannerSuffix';
type OperatorKey = 'resultTimeoutSeconds' | 'mode' | 'scannerPrefix' | 'scannerSuffix';
const OPERATOR_KEYS: Record<OperatorKey, string> = {
  resultTimeoutSeconds: KEY_TIMEOUT,
  mode: KEY_MODE,
  scannerPrefix: KEY_SCANNER_PREFIX,
  scannerSuffix: KEY_SCANNER_SUFFIX,
};

// ---- the PIN hash ----

/** scrypt N=2^15, r=8, p=1 (~32 MiB, some tens of ms): a 6-digit PIN is still guessable offline, so the
 * database file stays owner-only; the hash only keeps the PIN out of plain sight and out of backups' grep. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLen: 32 } as const;

interface PinRecord {
  alg: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
  isDefault: boolean;
}

function scrypt(pin: string, salt: Buffer, o: { N: number; r: number; p: number }, keyLen: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) => scryptCb(pin, salt, keyLen, opts, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPin(pin: string, isDefault: boolean): Promise<PinRecord> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, SCRYPT, SCRYPT.keyLen);
  return { alg: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), hash: hash.toString('base64'), isDefault };
}

export async function pinMatches(rec: PinRecord, pin: string): Promise<boolean> {
  const want = Buffer.from(rec.hash, 'base64');
  const got = await scrypt(pin, Buffer.from(rec.salt, 'base64'), rec, want.length);
  return got.length === want.length && timingSafeEqual(got, want);
}

function isPinRecord(v: unknown): v is PinRecord {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o.alg === 'scrypt' &&
    [o.N, o.r, o.p].every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0) &&
    (o.N as number) <= 1 << 20 &&
    typeof o.salt === 'string' &&
    typeof o.hash === 'string' &&
    Buffer.from(o.hash, 'base64').length >= 16 &&
    typeof o.isDefault === 'boolean'
  );
}

/** A new PIN nobody guesses first: not the default, not one digit repeated, not a running sequence. */
export function pinIsWeak(pin: string): boolean {
  if (pin === DEFAULT_ADMIN_PIN || /^(\d)\1+$/.test(pin)) return true;
  const d = [...pin].map(Number);
  const step = d[1]! - d[0]!;
  return Math.abs(step) === 1 && d.every((x, i) => i === 0 || x - d[i - 1]! === step);
}

// ---- stored values ----

function readJson(s: Storage, key: string): unknown {
  const text = sqlGetSetting(s.read, key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function putJson(s: Storage, key: string, value: unknown): void {
  sqlPutSetting(s.write, key, JSON.stringify(value), new Date(clockMs(s.write)).toISOString());
}

const validLabel = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= SETTINGS_LIMITS.labelMaxLength && !/[\u0000-\u001f\u007f]/.test(v) && !/[0-9]{9}/.test(v);

/** The operator settings this module keeps (a hand-edited or older value reads as the default). */
export interface OperatorSettings {
  resultTimeoutSeconds: number;
  mode: KioskMode;
  readers: Record<string, ReaderConfig>;
  /** The QR scanner's prefix/suffix ('' = none). */
  scannerPrefix: string;
  scannerSuffix: string;
}

export function loadOperatorSettings(s: Storage, defaults: { resultTimeoutSeconds: number }): OperatorSettings {
  const t = readJson(s, KEY_TIMEOUT);
  const { min, max } = SETTINGS_LIMITS.resultTimeoutSeconds;
  const m = readJson(s, KEY_MODE);
  const r = readJson(s, KEY_READERS);
  const readers: Record<string, ReaderConfig> = {};
  if (typeof r === 'object' && r !== null && !Array.isArray(r)) {
    for (const [name, c] of Object.entries(r as Record<string, unknown>)) {
      if (typeof c !== 'object' || c === null) continue;
      const { label, counter, workflow, operator } = c as Record<string, unknown>;
      const cfg: ReaderConfig = {
        ...(validLabel(label) ? { label } : {}),
        ...(validLabel(counter) ? { counter } : {}),
        ...(typeof workflow === 'string' && workflow !== '' && WORKFLOW_NAME_RE.test(workflow) ? { workflow } : {}),
        ...(validLabel(operator) ? { operator } : {}),
      };
      if (Object.keys(cfg).length > 0) readers[name] = cfg;
    }
  }
  return {
    resultTimeoutSeconds: typeof t === 'number' && Number.isInteger(t) && t >= min && t <= max ? t : defaults.resultTimeoutSeconds,
    mode: (KIOSK_MODES as readonly unknown[]).includes(m) ? (m as KioskMode) : 'assisted',
    readers,
    scannerPrefix: framing(readJson(s, KEY_SCANNER_PREFIX)),
    scannerSuffix: framing(readJson(s, KEY_SCANNER_SUFFIX)),
  };
}

const framing = (v: unknown): string => (isScannerFraming(v) ? v : '');

/** Reader names may hold long serial numbers, which the audit's ID guard would refuse: masked there. */
export const auditReaderName = (name: string): string => name.replace(/[0-9]{9,}/g, '…').slice(0, 200);

/** The fields of a reader's configuration, in the order they are stored and compared. */
export const READER_CONFIG_KEYS = ['label', 'counter', 'workflow', 'operator'] as const;

/**
 * `patch` over `current`: a given field replaces (trimmed), '' clears, an absent one stays. A workflow must be
 * one `knownWorkflow` accepts (the registry's names); without the check any well-formed name passes.
 */
export function mergeReaderConfig(current: ReaderConfig, patch: ReaderConfig, knownWorkflow: (name: string) => boolean = () => true): ReaderConfig {
  const next: ReaderConfig = { ...current };
  for (const k of READER_CONFIG_KEYS) {
    const val = patch[k];
    if (val === undefined) continue;
    if (k === 'workflow') {
      if (!WORKFLOW_NAME_RE.test(val.trim()) || (val.trim() !== '' && !knownWorkflow(val.trim()))) throw new ChipIdError('UNSUPPORTED', 'unknown workflow');
    } else if (!isLabel(val)) throw new ChipIdError('INTERNAL', 'invalid reader label');
    const trimmed = val.trim();
    if (trimmed === '') delete next[k];
    else next[k] = trimmed;
  }
  return next;
}

/**
 * The storage keeps counters as tokens ([A-Za-z0-9._:-]); operators name them freely ("Quầy 2"):
 * 'Quầy 2' → 'Quay-2'. Anything left empty records as 'default'.
 */
export function counterToken(counter: string): string {
  const t = counter
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^A-Za-z0-9._:-]/g, '')
    .replace(/[0-9]{9,}/g, '')
    .slice(0, 64);
  return t.length > 0 ? t : 'default';
}

/** Stores one operator setting and its audit entry in one transaction. */
export function saveOperatorSetting(s: Storage, actor: string, key: OperatorKey, from: number | string, to: number | string): void {
  transaction(s.write, () => {
    putJson(s, OPERATOR_KEYS[key], to);
    appendAuditInTx(s.write, { actor, action: 'setting.changed', details: { key, from, to } });
  });
}

/** A workflow's stored settings (`workflow.<name>`): its declared defaults, overlaid with what was saved and still passes its check. */
export function loadWorkflowSettings(s: Storage, name: string, spec: { defaults: Readonly<Record<string, SettingValue>>; accepts(key: string, value: unknown): boolean }): Record<string, SettingValue> {
  const stored = readJson(s, `workflow.${name}`);
  const out: Record<string, SettingValue> = { ...spec.defaults };
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [k, v] of Object.entries(stored as Record<string, unknown>)) if (k in spec.defaults && spec.accepts(k, v)) out[k] = v as SettingValue;
  }
  return out;
}

/** Stores a workflow's settings, auditing each key that changed (keys and values are settings, never personal data). */
export function saveWorkflowSettings(s: Storage, actor: string, name: string, from: Record<string, SettingValue>, to: Record<string, SettingValue>): void {
  transaction(s.write, () => {
    putJson(s, `workflow.${name}`, to);
    for (const k of Object.keys(to)) {
      if (from[k] !== to[k]) appendAuditInTx(s.write, { actor, action: 'setting.changed', details: { key: `${name}.${k}`, from: from[k] ?? null, to: to[k] ?? null } });
    }
  });
}

/** Stores every reader's configuration, auditing the one that changed. */
export function saveReaderConfig(s: Storage, actor: string, readers: Record<string, ReaderConfig>, name: string, cfg: ReaderConfig): void {
  transaction(s.write, () => {
    putJson(s, KEY_READERS, readers);
    const details: JsonObject = { reader: auditReaderName(name), label: cfg.label ?? null, counter: cfg.counter ?? null, workflow: cfg.workflow ?? null, operator: cfg.operator ?? null };
    appendAuditInTx(s.write, { actor, action: 'reader.configured', details });
  });
}

// ---- the admin guard ----

export interface AdminGuardOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** The admin PIN, its rate limit and the admin sessions (one per unlock, ~10 minutes each). */
export class AdminGuard {
  private failures: number[] = [];
  private readonly sessions = new Map<string, number>();
  private readonly now: () => number;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly opts: AdminGuardOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Loads the lockout state and applies CHIPID_ADMIN_PIN when no PIN is set (hashing takes a moment: once). */
  init(): Promise<void> {
    this.ready ??= this.load();
    return this.ready;
  }

  private async load(): Promise<void> {
    const failures = readJson(this.storage, KEY_FAILURES);
    if (Array.isArray(failures)) this.failures = failures.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    const envPin = this.opts.env?.CHIPID_ADMIN_PIN;
    const fromEnv = typeof envPin === 'string' && /^[0-9]{4,12}$/.test(envPin) ? envPin : undefined;
    if (this.current() !== undefined || fromEnv === undefined) return;
    await this.store(fromEnv, 'system', 'admin.pin_initialised', { source: 'environment' }, true);
  }

  /** The PIN record in storage (re-read each time: another process may have set it), if a real one is set. */
  private current(): PinRecord | undefined {
    const rec = readJson(this.storage, KEY_PIN);
    return isPinRecord(rec) && !rec.isDefault ? rec : undefined;
  }

  /**
   * Hashes `pin`, then stores it with its audit entry in one (immediate) transaction. With `onlyIfUnset`,
   * a PIN that appeared meanwhile (another request, another process) wins: ADMIN_PIN_ALREADY_SET.
   */
  private async store(pin: string, actor: string, action: string, details: JsonObject, onlyIfUnset: boolean): Promise<void> {
    const rec = await hashPin(pin, false);
    transaction(this.storage.write, () => {
      if (onlyIfUnset && this.current() !== undefined) throw new AdminError('ADMIN_PIN_ALREADY_SET', 'an admin PIN is already set');
      putJson(this.storage, KEY_PIN, rec);
      appendAuditInTx(this.storage.write, { actor, action, details });
    });
  }

  /** An admin PIN is set (until then every admin action answers ADMIN_PIN_NOT_SET). */
  get pinSet(): boolean {
    return this.current() !== undefined;
  }

  /** Since 1.2 there is no default PIN: always false (kept for the settings' `pinIsDefault`). */
  get pinIsDefault(): boolean {
    return false;
  }

  private newSession(): string {
    const t = this.now();
    for (const [k, exp] of this.sessions) if (exp <= t) this.sessions.delete(k);
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const session = randomBytes(32).toString('base64url');
    this.sessions.set(session, t + ADMIN_SESSION_MS);
    return session;
  }

  private static checkStrength(newPin: string): void {
    if (!/^[0-9]{6,12}$/.test(newPin) || pinIsWeak(newPin)) throw new AdminError('ADMIN_PIN_WEAK', 'new admin PIN refused');
  }

  /**
   * The first PIN, without an old one, only while none is set (first start, from the kiosk's own screen).
   * Concurrent callers: exactly one wins; the others get ADMIN_PIN_ALREADY_SET. Answers an admin session.
   */
  async setFirstPin(newPin: string, actor: string): Promise<{ set: true; session: string }> {
    AdminGuard.checkStrength(newPin);
    await this.init();
    if (this.current() !== undefined) throw new AdminError('ADMIN_PIN_ALREADY_SET', 'an admin PIN is already set');
    await this.store(newPin, actor, 'admin.pin_set_first', {}, true);
    this.sessions.clear();
    return { set: true, session: this.newSession() };
  }

  /**
   * `chipid admin set-pin`: the first PIN, or with `replace` a new one over the current (the OS account that
   * owns the data directory is trusted with it; audited as a reset, every admin session ends).
   */
  async setPinFromCli(newPin: string, opts: { replace: boolean }): Promise<'set' | 'replaced'> {
    AdminGuard.checkStrength(newPin);
    await this.init();
    const had = this.current() !== undefined;
    if (had && !opts.replace) throw new AdminError('ADMIN_PIN_ALREADY_SET', 'an admin PIN is already set (use --replace)');
    await this.store(newPin, 'cli', had ? 'admin.pin_reset' : 'admin.pin_set_first', {}, !had);
    this.sessions.clear();
    return had ? 'replaced' : 'set';
  }

  /** A wrong PIN answers `{ unlocked: false }`; while 5 wrong PINs lie within 5 minutes, ADMIN_LOCKED. */
  async unlock(pin: string, actor: string): Promise<{ unlocked: boolean; session?: string }> {
    const ok = await this.verify(pin, actor, { failed: 'admin.unlock_failed', ok: 'admin.unlocked' });
    return ok ? { unlocked: true, session: this.newSession() } : { unlocked: false };
  }

  /**
   * The admin PIN checked under the same lockout as unlock, without opening an admin session: the admin
   * operator's PIN check (operators.ts). Sessions are capped, so opening one per check would push out the
   * settings screen's own. ADMIN_PIN_NOT_SET / ADMIN_LOCKED as unlock.
   */
  async checkPin(pin: string, actor: string): Promise<boolean> {
    return this.verify(pin, actor, { failed: 'admin.pin_check_failed', ok: 'admin.pin_checked' });
  }

  private async verify(pin: string, actor: string, actions: { failed: string; ok: string }): Promise<boolean> {
    await this.init();
    const rec = this.current();
    if (rec === undefined) throw new AdminError('ADMIN_PIN_NOT_SET', 'no admin PIN set');
    const t = this.now();
    this.failures = this.failures.filter((x) => t - x < WRONG_PIN_WINDOW_MS);
    if (this.failures.length >= MAX_WRONG_PINS) throw new AdminError('ADMIN_LOCKED', 'too many wrong admin PINs');
    // Counted as wrong until it proves right, so parallel guesses cannot slip past the limit.
    this.failures.push(t);
    this.saveFailures();
    const ok = await pinMatches(rec, pin);
    if (!ok) {
      const locked = this.failures.length >= MAX_WRONG_PINS;
      this.audit(actor, locked ? 'admin.locked' : actions.failed, { failures: this.failures.length });
      return false;
    }
    this.failures = [];
    this.saveFailures();
    this.audit(actor, actions.ok, {});
    return true;
  }

  /** Throws ADMIN_SESSION_INVALID unless `session` came from an unlock less than 10 minutes ago. */
  require(session: string): void {
    if (this.current() === undefined) throw new AdminError('ADMIN_PIN_NOT_SET', 'no admin PIN set');
    const exp = typeof session === 'string' ? this.sessions.get(session) : undefined;
    if (exp === undefined || exp <= this.now()) {
      if (exp !== undefined) this.sessions.delete(session);
      throw new AdminError('ADMIN_SESSION_INVALID', 'no valid admin session');
    }
  }

  /** Sets a new PIN (ADMIN_PIN_WEAK for a guessable one); every other admin session ends. */
  async changePin(session: string, newPin: string, actor: string): Promise<void> {
    this.require(session);
    AdminGuard.checkStrength(newPin);
    const rec = await hashPin(newPin, false);
    this.require(session);
    transaction(this.storage.write, () => {
      putJson(this.storage, KEY_PIN, rec);
      appendAuditInTx(this.storage.write, { actor, action: 'admin.pin_changed', details: {} });
    });
    for (const k of [...this.sessions.keys()]) if (k !== session) this.sessions.delete(k);
  }

  private saveFailures(): void {
    putJson(this.storage, KEY_FAILURES, this.failures);
  }

  audit(actor: string, action: string, details: JsonObject): void {
    transaction(this.storage.write, () => appendAuditInTx(this.storage.write, { actor, action, details }));
  }
}

// ---- the trust store, summarised ----

/** Counts, Vietnam's CSCA (from a real source, not the demo TEST CSCA) and the sources. */
export function trustSummary(store: TrustStore): TrustStatus {
  const certs = store.listCertificates();
  const crls = store.listCrls();
  const sources = new Map<string, TrustSourceView>();
  for (const e of [...certs, ...crls]) {
    for (const s of e.sources) {
      const k = `${s.kind}\u0000${s.name}`;
      const v = sources.get(k) ?? { name: s.name, kind: s.kind, verified: s.verified, count: 0 };
      v.count += 1;
      v.verified = v.verified && s.verified;
      sources.set(k, v);
    }
  }
  let vn: TrustStatus['vietnamCsca'] = { present: false };
  let best = -Infinity;
  for (const e of certs) {
    const c = e.certificate;
    if (countryOf(c.subject)?.toUpperCase() !== 'VN' || c.subject.key !== c.issuer.key) continue;
    const real = e.sources.find((s) => s.name !== DEMO_SOURCE);
    if (!real || c.notAfter.getTime() <= best) continue;
    best = c.notAfter.getTime();
    vn = { present: true, notAfter: c.notAfter.toISOString(), source: real.name };
  }
  return { certificates: certs.length, crls: crls.length, vietnamCsca: vn, sources: [...sources.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
