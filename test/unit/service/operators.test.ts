// Counter operators on a real (encrypted) storage: add/list/get, PIN checks and the lockout across reopening,
// the admin operator delegating to the real admin PIN, refused input, and an audit log without names or numbers.
import { afterEach, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { toErrorInfo } from '../../../electron/contract/errors.js';
import { AdminGuard } from '../../../electron/service/admin.js';
import { AdminError } from '../../../electron/service/admin-errors.js';
import { OPERATOR_ERRORS, OperatorError, type OperatorErrorCode } from '../../../electron/service/operator-errors.js';
import {
  ADMIN_OPERATOR_ID,
  addOperator,
  getOperator,
  listOperators,
  roleAtLeast,
  setOperatorActive,
  setOperatorPin,
  setOperatorRole,
  verifyOperatorPin,
  type AdminPinCheck,
  type Role,
} from '../../../electron/service/operators.js';
import { DB_FILE, listAudit, openStorage, verifyAuditChain, type Storage } from '../../../electron/service/storage/index.js';
import { rawDb, removeTempDirs, tempDir } from './fixtures/storage-helpers.js';

afterEach(removeTempDirs);

const LAN = { name: 'Nguyễn Thị Lan', cccd: '001199004321', role: 'reception' as Role, pin: '480913' };
const DUC = { name: 'Trần Văn Đức', cccd: '079088112233', role: 'supervisor' as Role, pin: '7305' };
const ADMIN_PIN = '862410';

/** A storage with a clock the test moves (the lockout window is measured on the storage's clock). */
function open(dir = tempDir()): { s: Storage; dir: string; clock: { t: number } } {
  const clock = { t: Date.parse('2026-12-03T08:00:00Z') };
  return { s: openStorage(dir, { retention: false, checkpointIntervalMs: false, now: () => clock.t }), dir, clock };
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<OperatorErrorCode | string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof OperatorError) return e.code;
    throw e;
  }
  return 'no error';
}

const noAdmin: AdminPinCheck = {
  check: () => Promise.reject(new Error('the admin check must not be asked for an ordinary operator')),
};

describe('operators', () => {
  it('adds, lists (last 4 digits only) and gets (the full record); ids are op_ + 8 hex', async () => {
    const { s } = open();
    const lan = await addOperator(s, LAN, 'test');
    const duc = await addOperator(s, { ...DUC, name: '  Trần   Văn Đức ' }, 'test');
    expect(lan).toEqual({ id: lan.id, name: LAN.name, role: 'reception', cccdLast4: '4321', active: true });
    expect(lan.id).toMatch(/^op_[0-9a-f]{8}$/);
    expect(duc.name).toBe('Trần Văn Đức');
    const list = listOperators(s);
    expect(list.map((o) => o.id)).toEqual([lan.id, duc.id]);
    expect(JSON.stringify(list)).not.toContain(LAN.cccd);
    for (const o of list) expect(Object.keys(o).sort()).toEqual(['active', 'cccdLast4', 'id', 'name', 'role']);
    expect(getOperator(s, lan.id)).toEqual({ ...lan, cccd: LAN.cccd });
    expect(getOperator(s, 'op_ffffffff')).toBeUndefined();
    expect(getOperator(s, 'nonsense')).toBeUndefined();
    s.close();
  });

  it('verifies the right PIN, refuses a wrong one, an unknown id and a disabled operator', async () => {
    const { s } = open();
    const lan = await addOperator(s, LAN, 'test');
    expect(await verifyOperatorPin(s, lan.id, LAN.pin, noAdmin)).toEqual({ ...lan, cccd: LAN.cccd });
    expect(await code(verifyOperatorPin(s, lan.id, '480914', noAdmin))).toBe('OPERATOR_PIN_WRONG');
    expect(await code(verifyOperatorPin(s, 'op_12345678', LAN.pin, noAdmin))).toBe('OPERATOR_UNKNOWN');
    expect(await code(verifyOperatorPin(s, '../etc', LAN.pin, noAdmin))).toBe('OPERATOR_UNKNOWN');
    setOperatorActive(s, lan.id, false, 'test');
    expect(listOperators(s)[0]?.active).toBe(false);
    expect(await code(verifyOperatorPin(s, lan.id, LAN.pin, noAdmin))).toBe('OPERATOR_INACTIVE');
    setOperatorActive(s, lan.id, true, 'test');
    expect((await verifyOperatorPin(s, lan.id, LAN.pin, noAdmin)).id).toBe(lan.id);
    s.close();
  });

  it('5 wrong PINs in 5 minutes lock the operator, the lock survives reopening, and lifts after 5 minutes', async () => {
    const { s, dir, clock } = open();
    const lan = await addOperator(s, LAN, 'test');
    const duc = await addOperator(s, DUC, 'test');
    for (let i = 0; i < 4; i++) expect(await code(verifyOperatorPin(s, lan.id, '000111', noAdmin))).toBe('OPERATOR_PIN_WRONG');
    expect(await code(verifyOperatorPin(s, lan.id, '000111', noAdmin))).toBe('OPERATOR_LOCKED');
    expect(await code(verifyOperatorPin(s, lan.id, LAN.pin, noAdmin))).toBe('OPERATOR_LOCKED');
    // per operator: another one is not affected
    expect((await verifyOperatorPin(s, duc.id, DUC.pin, noAdmin)).id).toBe(duc.id);
    s.close();

    const again = openStorage(dir, { retention: false, checkpointIntervalMs: false, now: () => clock.t });
    clock.t += 4 * 60_000;
    expect(await code(verifyOperatorPin(again, lan.id, LAN.pin, noAdmin))).toBe('OPERATOR_LOCKED');
    clock.t += 60_000 + 1;
    expect((await verifyOperatorPin(again, lan.id, LAN.pin, noAdmin)).id).toBe(lan.id);
    // a right PIN clears the count: 4 more wrong ones do not lock
    for (let i = 0; i < 4; i++) expect(await code(verifyOperatorPin(again, lan.id, '000111', noAdmin))).toBe('OPERATOR_PIN_WRONG');
    expect((await verifyOperatorPin(again, lan.id, LAN.pin, noAdmin)).id).toBe(lan.id);
    const actions = listAudit(again.read, { limit: 1000 }).map((e) => e.action);
    expect(actions.filter((a) => a === 'operator.pin_failed')).toHaveLength(8);
    expect(actions.filter((a) => a === 'operator.locked')).toHaveLength(1);
    again.close();
  });

  it('parallel wrong guesses cannot get past the limit', async () => {
    const { s } = open();
    const lan = await addOperator(s, LAN, 'test');
    const guesses = ['111222', '222333', '333444', '444555', '555666', '666777', '777888', LAN.pin];
    const codes = await Promise.all(guesses.map((g) => code(verifyOperatorPin(s, lan.id, g, noAdmin))));
    // the right PIN came 8th: 7 guesses before it, so it is answered LOCKED however the checks interleave
    expect(codes.filter((c) => c === 'no error')).toHaveLength(0);
    expect(codes.filter((c) => c === 'OPERATOR_LOCKED').length).toBeGreaterThanOrEqual(4);
    s.close();
  });

  it('a new PIN replaces the old one and lifts a lockout; roles change, audited from → to', async () => {
    const { s } = open();
    const lan = await addOperator(s, LAN, 'test');
    for (let i = 0; i < 5; i++) await code(verifyOperatorPin(s, lan.id, '000111', noAdmin));
    expect(await code(verifyOperatorPin(s, lan.id, LAN.pin, noAdmin))).toBe('OPERATOR_LOCKED');
    await setOperatorPin(s, lan.id, '593017', 'operator:op_aaaaaaaa');
    expect(await code(verifyOperatorPin(s, lan.id, LAN.pin, noAdmin))).toBe('OPERATOR_PIN_WRONG');
    expect((await verifyOperatorPin(s, lan.id, '593017', noAdmin)).id).toBe(lan.id);
    expect(await code(setOperatorPin(s, lan.id, '1111', 'test'))).toBe('OPERATOR_PIN_WEAK');
    expect(await code(setOperatorPin(s, 'op_12345678', '593017', 'test'))).toBe('OPERATOR_UNKNOWN');
    setOperatorRole(s, lan.id, 'supervisor', 'test');
    expect(getOperator(s, lan.id)?.role).toBe('supervisor');
    expect(await code(() => setOperatorRole(s, lan.id, 'boss' as Role, 'test'))).toBe('OPERATOR_ROLE_INVALID');
    const entries = listAudit(s.read, { limit: 1000 });
    expect(entries.find((e) => e.action === 'operator.role_changed')?.details).toEqual({ id: lan.id, from: 'reception', to: 'supervisor' });
    expect(entries.find((e) => e.action === 'operator.pin_set')).toMatchObject({ actor: 'operator:op_aaaaaaaa', details: { id: lan.id } });
    s.close();
  });

  it('refuses weak or malformed PINs, bad names, numbers and roles, and a second operator with the same CCCD', async () => {
    const { s } = open();
    for (const pin of ['1234', '0000', '123456', '9876', '654321', '123', '1234567890123', '12a456', ' 480913'])
      expect(await code(addOperator(s, { ...LAN, pin }, 'test'))).toBe('OPERATOR_PIN_WEAK');
    for (const name of ['', '   ', 'Lan 2', 'x'.repeat(81), 'Lan\u0000', '<b>Lan</b>'])
      expect(await code(addOperator(s, { ...LAN, name }, 'test'))).toBe('OPERATOR_NAME_INVALID');
    for (const cccd of ['00119900432', '0011990043210', '00119900432a', ''])
      expect(await code(addOperator(s, { ...LAN, cccd }, 'test'))).toBe('OPERATOR_CCCD_INVALID');
    expect(await code(addOperator(s, { ...LAN, role: 'root' as Role }, 'test'))).toBe('OPERATOR_ROLE_INVALID');
    expect(listOperators(s)).toEqual([]);
    expect(listAudit(s.read, { limit: 1000 }).filter((e) => e.action.startsWith('operator.'))).toEqual([]);
    await addOperator(s, LAN, 'test');
    expect(await code(addOperator(s, { ...DUC, cccd: LAN.cccd }, 'test'))).toBe('OPERATOR_EXISTS');
    expect(listOperators(s)).toHaveLength(1);
    s.close();
  });

  it('roleAtLeast: reception < supervisor < admin', () => {
    const roles: Role[] = ['reception', 'supervisor', 'admin'];
    for (const [i, a] of roles.entries()) for (const [j, b] of roles.entries()) expect(roleAtLeast(a, b)).toBe(i >= j);
  });

  it('every error code is OPERATOR_*, has differing Vietnamese and English texts, and reaches the wire without its detail', () => {
    for (const [c, t] of Object.entries(OPERATOR_ERRORS)) {
      expect(c).toMatch(/^OPERATOR_[A-Z_]+$/);
      expect(t.en.trim().length, c).toBeGreaterThan(20);
      expect(t.vi, c).not.toBe(t.en);
      expect(t.vi, c).toMatch(/[àáảãạăâđèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ]/i);
      expect(toErrorInfo(new OperatorError(c as OperatorErrorCode, 'DETAIL-MARK'))).toEqual({ code: c, message: t.en, messageVi: t.vi });
    }
  });
});

describe('the admin operator', () => {
  it('exists only while an admin PIN is set; its PIN check is the admin PIN (no copy), sessions untouched', async () => {
    const { s, dir } = open();
    const guard = new AdminGuard(s, { env: {} });
    const admin: AdminPinCheck = { check: (pin) => guard.checkPin(pin, 'operator') };
    expect(listOperators(s)).toEqual([]);
    expect(getOperator(s, ADMIN_OPERATOR_ID)).toBeUndefined();
    expect(await code(verifyOperatorPin(s, ADMIN_OPERATOR_ID, ADMIN_PIN, admin))).toBe('OPERATOR_UNKNOWN');

    await guard.setPinFromCli(ADMIN_PIN, { replace: false });
    const lan = await addOperator(s, LAN, 'test');
    expect(listOperators(s).map((o) => [o.id, o.name, o.role])).toEqual([
      [ADMIN_OPERATOR_ID, 'Quản trị', 'admin'],
      [lan.id, LAN.name, 'reception'],
    ]);
    const { session } = await guard.unlock(ADMIN_PIN, 'test');
    // more checks than the admin module keeps sessions: none is opened, so the settings session stays valid
    for (let i = 0; i < 10; i++) expect((await verifyOperatorPin(s, ADMIN_OPERATOR_ID, ADMIN_PIN, admin)).role).toBe('admin');
    expect(() => guard.require(session!)).not.toThrow();
    expect(await code(verifyOperatorPin(s, ADMIN_OPERATOR_ID, '000111', admin))).toBe('OPERATOR_PIN_WRONG');

    // a replaced admin PIN applies to the admin operator at once: the check is delegated, nothing was copied
    await guard.setPinFromCli('395172', { replace: true });
    expect(await code(verifyOperatorPin(s, ADMIN_OPERATOR_ID, ADMIN_PIN, admin))).toBe('OPERATOR_PIN_WRONG');
    expect((await verifyOperatorPin(s, ADMIN_OPERATOR_ID, '395172', admin)).id).toBe(ADMIN_OPERATOR_ID);
    const raw = rawDb(path.join(dir, DB_FILE));
    expect(raw.prepare(`SELECT id FROM operators`).all()).toEqual([{ id: lan.id }]);
    const adminHash = (JSON.parse((raw.prepare(`SELECT value FROM settings WHERE key = 'admin.pin'`).get() as { value: string }).value) as { hash: string }).hash;
    expect(JSON.stringify(raw.prepare(`SELECT * FROM operators`).all())).not.toContain(adminHash);
    expect(() => raw.prepare(`INSERT INTO operators (id, name, cccd, role, pin_hash, created_at, updated_at) VALUES ('op_00000000', 'x', '001199004322', 'admin', '{}', '', '')`).run()).toThrow(/CHECK/);
    raw.close();

    // it is changed only the admin PIN's ways
    expect(await code(setOperatorPin(s, ADMIN_OPERATOR_ID, '593017', 'test'))).toBe('OPERATOR_ADMIN_FIXED');
    expect(await code(() => setOperatorActive(s, ADMIN_OPERATOR_ID, false, 'test'))).toBe('OPERATOR_ADMIN_FIXED');
    expect(await code(() => setOperatorRole(s, ADMIN_OPERATOR_ID, 'reception', 'test'))).toBe('OPERATOR_ADMIN_FIXED');
    s.close();
  });

  it('shares the admin PIN lockout: 5 wrong admin-operator PINs lock the settings too', async () => {
    const { s } = open();
    const guard = new AdminGuard(s, { env: {} });
    await guard.setPinFromCli(ADMIN_PIN, { replace: false });
    const admin: AdminPinCheck = { check: (pin) => guard.checkPin(pin, 'operator') };
    for (let i = 0; i < 5; i++) expect(await code(verifyOperatorPin(s, ADMIN_OPERATOR_ID, '000111', admin))).toBe('OPERATOR_PIN_WRONG');
    expect(await code(verifyOperatorPin(s, ADMIN_OPERATOR_ID, ADMIN_PIN, admin))).toBe('OPERATOR_LOCKED');
    await expect(guard.unlock(ADMIN_PIN, 'test')).rejects.toSatisfy((e) => e instanceof AdminError && e.code === 'ADMIN_LOCKED');
    s.close();
  });
});

describe('the audit log of operators', () => {
  it('holds ids, roles and the CCCD idRef, never a name, a full number, a PIN or a hash', async () => {
    const { s, dir } = open();
    const lan = await addOperator(s, LAN, 'test');
    const duc = await addOperator(s, DUC, 'test');
    await code(verifyOperatorPin(s, lan.id, '000111', noAdmin));
    await verifyOperatorPin(s, lan.id, LAN.pin, noAdmin);
    await setOperatorPin(s, duc.id, '593017', 'test');
    setOperatorRole(s, duc.id, 'admin', 'test');
    setOperatorActive(s, duc.id, false, 'test');

    const added = listAudit(s.read, { limit: 1000 }).filter((e) => e.action === 'operator.added');
    expect(added.map((e) => e.details)).toEqual([
      { id: lan.id, role: 'reception', ...s.idRef(LAN.cccd) },
      { id: duc.id, role: 'supervisor', ...s.idRef(DUC.cccd) },
    ]);
    expect(verifyAuditChain(s.read)).toMatchObject({ ok: true });
    s.close();

    // read the stored rows themselves, as someone holding the database key would
    const raw = rawDb(path.join(dir, DB_FILE));
    const rows = raw.prepare(`SELECT actor, action, details FROM audit_log`).all() as { actor: string; action: string; details: string }[];
    const pinHashes = (raw.prepare(`SELECT pin_hash FROM operators`).all() as { pin_hash: string }[]).map((r) => (JSON.parse(r.pin_hash) as { hash: string; salt: string }));
    raw.close();
    expect(rows.filter((r) => r.action.startsWith('operator.')).map((r) => r.action).sort()).toEqual(
      ['operator.added', 'operator.added', 'operator.disabled', 'operator.pin_failed', 'operator.pin_set', 'operator.role_changed'],
    );
    const text = JSON.stringify(rows);
    const forbidden = [LAN.name, DUC.name, 'Nguyễn', 'Lan', 'Đức', LAN.cccd, DUC.cccd, LAN.cccd.slice(0, 9), LAN.pin, '593017', '000111', ...pinHashes.flatMap((h) => [h.hash, h.salt])];
    for (const f of forbidden) expect(text, 'audit must not hold this value').not.toContain(f);
  });
});
