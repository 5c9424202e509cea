/** Departments ("khoa" / "phòng khám"): the places a visit is made for, each with its queue-ticket prefix. */
import { clockMs, transaction, type Storage } from '../../../storage/index.js';
import { isoUtc } from '../../../storage/guard.js';
import { appendAuditInTx } from '../../../storage/audit.js';
import { DEPARTMENT_CODE_RE, QUEUE_PREFIX_RE } from '../contract.js';
import { HospitalError } from '../errors.js';
import type { Department } from '../types.js';
import { sqlGetDepartment, sqlListDepartments, sqlPutDepartment, type DepartmentRow } from './sql.js';

const toDepartment = (r: DepartmentRow): Department => ({ code: r.code, name: r.name, prefix: r.prefix, active: r.active === 1 });

/** Active departments first, then by code. */
export function listDepartments(s: Storage): Department[] {
  return sqlListDepartments(s.read).map(toDepartment);
}

export function getDepartment(s: Storage, code: string): Department | undefined {
  const row = sqlGetDepartment(s.read, code);
  return row === undefined ? undefined : toDepartment(row);
}

/** The department as it would be stored, or HOSPITAL_DEPARTMENT_INVALID naming the bad field (never its value). */
export function checkDepartment(d: Department): Department {
  const bad = (field: string): never => {
    throw new HospitalError('HOSPITAL_DEPARTMENT_INVALID', `hospital: department ${field} is not valid`);
  };
  if (typeof d !== 'object' || d === null) bad('record');
  if (typeof d.code !== 'string' || !DEPARTMENT_CODE_RE.test(d.code)) bad('code');
  const name = typeof d.name === 'string' ? d.name.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (name.length < 1 || name.length > 80) bad('name');
  if (typeof d.prefix !== 'string' || !QUEUE_PREFIX_RE.test(d.prefix)) bad('prefix');
  if (typeof d.active !== 'boolean') bad('active');
  return { code: d.code, name, prefix: d.prefix, active: d.active };
}

/** Adds or changes a department; audited with what it now is and whether it is new. */
export function saveDepartment(s: Storage, d: Department, actor: string): Department {
  const dep = checkDepartment(d);
  const w = s.write;
  return transaction(w, () => {
    const created = sqlGetDepartment(w, dep.code) === undefined;
    sqlPutDepartment(w, { ...dep, active: dep.active ? 1 : 0, updatedAt: isoUtc(clockMs(w)) });
    appendAuditInTx(w, {
      actor,
      action: 'hospital.department_saved',
      details: { code: dep.code, name: dep.name, prefix: dep.prefix, active: dep.active, created },
    });
    return dep;
  });
}
