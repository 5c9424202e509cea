// Departments: validation against the contract's patterns, order (active first, then code), update in
// place, each save audited in the same transaction; kept across reopen.
import { afterEach, describe, expect, it } from 'vitest';
import { componentVersion, listAudit, verifyAuditChain } from '../../../../../../electron/service/storage/index.js';
import { HospitalError } from '../../../../../../electron/service/workflows/hospital/errors.js';
import { getDepartment, listDepartments, saveDepartment } from '../../../../../../electron/service/workflows/hospital/store/index.js';
import type { Department } from '../../../../../../electron/service/workflows/hospital/types.js';
import { openHospital, removeTempDirs, tempDir } from './helpers.js';

afterEach(removeTempDirs);

describe('departments', () => {
  it('runs the hospital migrations once, in its own version line', () => {
    const dir = tempDir();
    const s = openHospital(dir);
    expect(componentVersion(s.read, 'hospital')).toBe(4);
    s.close();
    const again = openHospital(dir);
    expect(componentVersion(again.read, 'hospital')).toBe(4);
    const migrated = listAudit(again.read, { limit: 100 }).filter((e) => e.action === 'schema.migrated' && e.details.component === 'hospital');
    expect(migrated.map((e) => e.details.to)).toEqual([1, 2, 3, 4]);
    again.close();
  });

  it('saves, updates in place and lists active departments first, then by code', () => {
    const s = openHospital();
    expect(listDepartments(s)).toEqual([]);
    saveDepartment(s, { code: 'K03', name: 'Khám Nhi', prefix: 'C', active: true }, 'test');
    saveDepartment(s, { code: 'K01', name: 'Khám Nội', prefix: 'A', active: false }, 'test');
    saveDepartment(s, { code: 'K02', name: '  Khám   Ngoại ', prefix: '', active: true }, 'test');
    expect(listDepartments(s).map((d) => d.code)).toEqual(['K02', 'K03', 'K01']);
    expect(getDepartment(s, 'K02')).toEqual({ code: 'K02', name: 'Khám Ngoại', prefix: '', active: true });
    const saved = saveDepartment(s, { code: 'K01', name: 'Khám Nội tổng quát', prefix: 'A', active: true }, 'operator:op_0a1b2c3d');
    expect(saved).toEqual({ code: 'K01', name: 'Khám Nội tổng quát', prefix: 'A', active: true });
    expect(listDepartments(s).map((d) => d.code)).toEqual(['K01', 'K02', 'K03']);
    expect(getDepartment(s, 'K99')).toBeUndefined();
    const audit = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.department_saved');
    expect(audit).toHaveLength(4);
    expect(audit[3]).toMatchObject({ actor: 'operator:op_0a1b2c3d', details: { code: 'K01', created: false, active: true } });
    expect(audit[0]!.details.created).toBe(true);
    expect(verifyAuditChain(s.read)).toMatchObject({ ok: true });
    s.close();
  });

  it.each<[string, Partial<Department>]>([
    ['lower-case code', { code: 'k01' }],
    ['one-character code', { code: 'K' }],
    ['11-character code', { code: 'K0123456789' }],
    ['empty name', { name: '   ' }],
    ['81-character name', { name: 'x'.repeat(81) }],
    ['lower-case prefix', { prefix: 'a' }],
    ['4-letter prefix', { prefix: 'ABCD' }],
    ['prefix with a digit', { prefix: 'A1' }],
    ['active not a boolean', { active: 1 as unknown as boolean }],
  ])('refuses a department with a %s (HOSPITAL_DEPARTMENT_INVALID), storing nothing', (_what, bad) => {
    const s = openHospital();
    const d = { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true, ...bad };
    let err: unknown;
    try {
      saveDepartment(s, d, 'test');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HospitalError);
    expect((err as HospitalError).code).toBe('HOSPITAL_DEPARTMENT_INVALID');
    expect((err as HospitalError).messageVi).toMatch(/khoa/);
    expect(listDepartments(s)).toEqual([]);
    expect(listAudit(s.read, { limit: 100 }).some((e) => e.action === 'hospital.department_saved')).toBe(false);
    s.close();
  });

  it('keeps departments across close and reopen', () => {
    const dir = tempDir();
    const s = openHospital(dir);
    saveDepartment(s, { code: 'CC', name: 'Cấp cứu', prefix: 'CC', active: true }, 'test');
    s.close();
    const again = openHospital(dir);
    expect(listDepartments(again)).toEqual([{ code: 'CC', name: 'Cấp cứu', prefix: 'CC', active: true }]);
    again.close();
  });
});
