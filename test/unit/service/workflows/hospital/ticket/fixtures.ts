/** A visit, a patient and a department as the desk hands them to the ticket code (made-up people). */
import type { Department, IdentitySource, InsuranceStatus, Visit } from '../../../../../../electron/service/workflows/hospital/types.js';
import type { TicketConfig } from '../../../../../../electron/service/workflows/hospital/ticket/layout.js';

export const PATIENT = { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17' };
export const CCCD = '079090001234';

export const DEPT: Department = { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true };
export const DEPT_PRIORITY: Department = { code: 'UT', name: 'Ưu tiên', prefix: 'UT', active: true };

export const CFG: TicketConfig = { hospitalName: 'Bệnh viện Đa khoa Tỉnh', fields: 'initials-yob', paperWidth: 80 };

export function visit(over: { identitySource?: IdentitySource; status?: InsuranceStatus; createdAt?: string; queueLabel?: string } = {}): Visit {
  return {
    visitId: 'LK261203-7QF3KD',
    patientCccd: CCCD,
    department: DEPT.code,
    queueNumber: 7,
    queueLabel: over.queueLabel ?? 'A007',
    day: '2026-12-03',
    operatorId: 'op_0123abcd',
    counter: 'Quầy 1',
    identitySource: over.identitySource ?? 'chip',
    override: null,
    insurance: {
      status: over.status ?? 'unchecked',
      code: null,
      note: null,
      cardCode: null,
      validFrom: null,
      validTo: null,
      primaryFacility: null,
      history: [],
      historyCount: 0,
      checkedAt: '2026-12-03T03:15:00.000Z',
    },
    createdAt: over.createdAt ?? '2026-12-03T03:15:00.000Z',
    printed: 'no',
  };
}
