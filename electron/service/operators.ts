/**
 * The counter operators: receptionists, tellers and their supervisors, shared by every workflow (hospital now,
 * bank later), so they live in the core. Each has a name, their own CCCD number (the insurance gateway asks
 * for it with each lookup), a role and a PIN of their own, kept as a salted scrypt hash (admin.ts hashPin).
 *
 * The admin PIN is the admin operator, `op_00000000` ('Quản trị', role admin): it has no row and no copy of
 * the admin PIN's hash; its PIN check is the admin module's (AdminPinCheck), under the admin PIN's own
 * lockout. It is listed only while an admin PIN is set and has no CCCD number (empty strings).
 *
 * Wrong PINs: at most 5 per 5 minutes per operator (OPERATOR_LOCKED), kept in the operator's row so a
 * restart does not lift a lockout. A guess is counted before the hash is compared, so parallel guesses
 * cannot slip past the limit. Every change is audited in its own transaction with the operator's id, role
 * and the CCCD's idRef (last 4 digits and keyed hash): never a name, a full number, a PIN or a hash.
 */
import { AdminError } from './admin-errors.js';
import { AdminGuard, hashPin, MAX_WRONG_PINS, pinIsWeak, pinMatches, WRONG_PIN_WINDOW_MS } from './admin.js';
import { OperatorError } from './operator-errors.js';
import { appendAudit, clockMs, transaction, type JsonObject, type Storage } from './storage/index.js';
import { sqlGetOperator, sqlInsertOperator, sqlListOperators, sqlOperatorIdOfCccd, sqlUpdateOperator, type OperatorRow } from './operators-sql.js';
import { randomBytes } from 'node:crypto';

export type Role = 'reception' | 'supervisor' | 'admin';

/** What clients see of an operator: the number only as its last 4 digits. */
export interface OperatorView {
  id: string;
  name: string;
  role: Role;
  cccdLast4: string;
  active: boolean;
}

/** The whole record (the full CCCD, for the gateway): never sent to clients. */
export interface OperatorRecord extends OperatorView {
  cccd: string;
}

/** The admin PIN, seen from here: true when `pin` is the admin PIN. May throw the admin module's errors. */
export interface AdminPinCheck {
  check(pin: string): Promise<boolean>;
}

export const ADMIN_OPERATOR_ID = 'op_00000000';
export const ADMIN_OPERATOR_NAME = 'Quản trị';
export const ROLES: readonly Role[] = ['reception', 'supervisor', 'admin'];

const ID_RE = /^op_[0-9a-f]{8}$/;
const CCCD_RE = /^[0-9]{12}$/;
const PIN_RE = /^[0-9]{4,12}$/;
const NAME_MAX = 80;
/** Letters and marks of any script (Vietnamese: ư, ơ, đ, tones), with spaces, dots, apostrophes, hyphens. */
const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

type PinRecord = Awaited<ReturnType<typeof hashPin>>;

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

function adminRecord(): OperatorRecord {
  return { id: ADMIN_OPERATOR_ID, name: ADMIN_OPERATOR_NAME, role: 'admin', cccd: '', cccdLast4: '', active: true };
}

/** The admin PIN is set (read from storage each time: the CLI may set it while the service runs). */
function adminPinSet(s: Storage): boolean {
  return new AdminGuard(s, { env: {} }).pinSet;
}

function toRecord(row: OperatorRow): OperatorRecord {
  // A role outside the CHECK cannot be stored; the fallback is the least privileged one all the same.
  const role = isRole(row.role) ? row.role : 'reception';
  return { id: row.id, name: row.name, role, cccd: row.cccd, cccdLast4: row.cccd.slice(-4), active: row.active === 1 };
}

export function toView(r: OperatorRecord): OperatorView {
  return { id: r.id, name: r.name, role: r.role, cccdLast4: r.cccdLast4, active: r.active };
}

function checkName(name: unknown): string {
  const n = typeof name === 'string' ? name.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
  if (n.length < 1 || n.length > NAME_MAX || !NAME_RE.test(n)) throw new OperatorError('OPERATOR_NAME_INVALID', 'operator name: 1-80 letters, no digits or symbols');
  return n;
}

function checkNewPin(pin: unknown): string {
  if (typeof pin !== 'string' || !PIN_RE.test(pin) || pinIsWeak(pin)) throw new OperatorError('OPERATOR_PIN_WEAK', 'operator PIN refused (4-12 digits, not guessable)');
  return pin;
}

function checkRole(role: unknown): Role {
  if (!isRole(role)) throw new OperatorError('OPERATOR_ROLE_INVALID', 'operator role must be reception, supervisor or admin');
  return role;
}

/** The admin operator is changed only through the admin PIN's own ways (Settings, chipid admin set-pin). */
function refuseAdmin(id: string): void {
  if (id === ADMIN_OPERATOR_ID) throw new OperatorError('OPERATOR_ADMIN_FIXED', 'the admin operator is the admin PIN');
}

const isoAt = (s: Storage): string => new Date(clockMs(s.write)).toISOString();

function audit(s: Storage, actor: string, action: string, details: JsonObject): void {
  appendAudit(s.write, { actor, action, details });
}

function newId(s: Storage): string {
  for (;;) {
    const id = `op_${randomBytes(4).toString('hex')}`;
    if (id !== ADMIN_OPERATOR_ID && sqlGetOperator(s.write, id) === undefined) return id;
  }
}

export async function addOperator(s: Storage, o: { name: string; cccd: string; role: Role; pin: string }, actor: string): Promise<OperatorView> {
  const name = checkName(o.name);
  if (typeof o.cccd !== 'string' || !CCCD_RE.test(o.cccd)) throw new OperatorError('OPERATOR_CCCD_INVALID', 'operator CCCD must be 12 digits');
  const cccd = o.cccd;
  const role = checkRole(o.role);
  const pinHash = JSON.stringify(await hashPin(checkNewPin(o.pin), false));
  return transaction(s.write, () => {
    if (sqlOperatorIdOfCccd(s.write, cccd) !== undefined) throw new OperatorError('OPERATOR_EXISTS', 'an operator with that CCCD exists');
    const at = isoAt(s);
    const row: OperatorRow = { id: newId(s), name, cccd, role, pinHash, active: 1, createdAt: at, updatedAt: at, wrongPinTimes: '[]' };
    sqlInsertOperator(s.write, row);
    audit(s, actor, 'operator.added', { id: row.id, role, ...s.idRef(cccd) });
    return toView(toRecord(row));
  });
}

/** Every operator, disabled ones too (shown as such): the admin operator first while an admin PIN is set. */
export function listOperators(s: Storage): OperatorView[] {
  const rows = sqlListOperators(s.read).map((r) => toView(toRecord(r)));
  return adminPinSet(s) ? [toView(adminRecord()), ...rows] : rows;
}

export function getOperator(s: Storage, id: string): OperatorRecord | undefined {
  if (id === ADMIN_OPERATOR_ID) return adminPinSet(s) ? adminRecord() : undefined;
  if (typeof id !== 'string' || !ID_RE.test(id)) return undefined;
  const row = sqlGetOperator(s.read, id);
  return row === undefined ? undefined : toRecord(row);
}

function parseTimes(text: string): number[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
  } catch {
    return [];
  }
}

function parsePinRecord(text: string): PinRecord | undefined {
  try {
    const v = JSON.parse(text) as Partial<PinRecord> | null;
    const ints = [v?.N, v?.r, v?.p].every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0);
    // A tampered N could make one check take gigabytes: the same bound as the admin PIN's record.
    if (v && v.alg === 'scrypt' && ints && (v.N as number) <= 1 << 20 && typeof v.salt === 'string' && typeof v.hash === 'string') return v as PinRecord;
  } catch {
    // unreadable: no PIN matches it
  }
  return undefined;
}

async function verifyAdminOperator(s: Storage, pin: string, admin: AdminPinCheck): Promise<OperatorRecord> {
  if (!adminPinSet(s)) throw new OperatorError('OPERATOR_UNKNOWN', 'no admin PIN set, so no admin operator');
  let ok: boolean;
  try {
    ok = await admin.check(pin);
  } catch (e) {
    if (e instanceof AdminError && e.code === 'ADMIN_LOCKED') throw new OperatorError('OPERATOR_LOCKED', 'too many wrong admin PINs', { cause: e });
    if (e instanceof AdminError && e.code === 'ADMIN_PIN_NOT_SET') throw new OperatorError('OPERATOR_UNKNOWN', 'no admin PIN set', { cause: e });
    throw e;
  }
  if (!ok) throw new OperatorError('OPERATOR_PIN_WRONG', 'wrong admin PIN');
  return adminRecord();
}

/**
 * The operator behind `pin`, or OPERATOR_UNKNOWN / OPERATOR_INACTIVE / OPERATOR_LOCKED / OPERATOR_PIN_WRONG
 * (the wrong PIN that reaches the limit answers OPERATOR_LOCKED). The admin operator asks `admin`.
 */
export async function verifyOperatorPin(s: Storage, id: string, pin: string, admin: AdminPinCheck): Promise<OperatorRecord> {
  if (id === ADMIN_OPERATOR_ID) return verifyAdminOperator(s, pin, admin);
  if (typeof id !== 'string' || !ID_RE.test(id)) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
  // Counted as wrong until it proves right, in one immediate transaction (safe across processes too).
  const { row, failures } = transaction(s.write, () => {
    const row = sqlGetOperator(s.write, id);
    if (row === undefined) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
    if (row.active !== 1) throw new OperatorError('OPERATOR_INACTIVE', 'operator disabled');
    const t = clockMs(s.write);
    const times = parseTimes(row.wrongPinTimes).filter((x) => t - x < WRONG_PIN_WINDOW_MS);
    if (times.length >= MAX_WRONG_PINS) throw new OperatorError('OPERATOR_LOCKED', 'too many wrong operator PINs');
    times.push(t);
    sqlUpdateOperator(s.write, id, isoAt(s), { wrongPinTimes: JSON.stringify(times) });
    return { row, failures: times.length };
  });
  const rec = parsePinRecord(row.pinHash);
  const ok = typeof pin === 'string' && rec !== undefined && (await pinMatches(rec, pin));
  if (!ok) {
    const locked = failures >= MAX_WRONG_PINS;
    audit(s, `operator:${id}`, locked ? 'operator.locked' : 'operator.pin_failed', { id, failures });
    throw new OperatorError(locked ? 'OPERATOR_LOCKED' : 'OPERATOR_PIN_WRONG', 'wrong operator PIN');
  }
  transaction(s.write, () => sqlUpdateOperator(s.write, id, isoAt(s), { wrongPinTimes: '[]' }));
  return toRecord(row);
}

/** A new PIN for an operator (a forgotten one, or after a lockout: it also lifts the lockout). */
export async function setOperatorPin(s: Storage, id: string, newPin: string, actor: string): Promise<void> {
  refuseAdmin(id);
  if (getOperator(s, id) === undefined) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
  const pinHash = JSON.stringify(await hashPin(checkNewPin(newPin), false));
  transaction(s.write, () => {
    if (!sqlUpdateOperator(s.write, id, isoAt(s), { pinHash, wrongPinTimes: '[]' })) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
    audit(s, actor, 'operator.pin_set', { id });
  });
}

/** Enables or disables an operator (a disabled one cannot sign in; the record and its history stay). */
export function setOperatorActive(s: Storage, id: string, active: boolean, actor: string): void {
  refuseAdmin(id);
  transaction(s.write, () => {
    const row = ID_RE.test(id) ? sqlGetOperator(s.write, id) : undefined;
    if (row === undefined) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
    if ((row.active === 1) === active) return;
    sqlUpdateOperator(s.write, id, isoAt(s), { active: active ? 1 : 0 });
    audit(s, actor, active ? 'operator.enabled' : 'operator.disabled', { id });
  });
}

export function setOperatorRole(s: Storage, id: string, role: Role, actor: string): void {
  refuseAdmin(id);
  const to = checkRole(role);
  transaction(s.write, () => {
    const row = ID_RE.test(id) ? sqlGetOperator(s.write, id) : undefined;
    if (row === undefined) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
    if (row.role === to) return;
    sqlUpdateOperator(s.write, id, isoAt(s), { role: to });
    audit(s, actor, 'operator.role_changed', { id, from: row.role, to });
  });
}
