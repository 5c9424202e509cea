// Shared helpers of the hospital store tests: a real storage (SQLCipher file in a temp dir) opened with the
// hospital component's migrations, a settable clock, and synthetic (invented) patients.
import { openStorage, type Storage } from '../../../../../../electron/service/storage/index.js';
import { HOSPITAL_MIGRATIONS } from '../../../../../../electron/service/workflows/hospital/migrations/index.js';
import { saveDepartment } from '../../../../../../electron/service/workflows/hospital/store/index.js';
import type { InsuranceResult, PatientInput } from '../../../../../../electron/service/workflows/hospital/types.js';
import { tempDir } from '../../../fixtures/storage-helpers.js';

export { removeTempDirs, rawDb, tempDir } from '../../../fixtures/storage-helpers.js';

export const COMPONENTS = [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }] as const;

export interface Clock {
  now: number;
}

export function openHospital(dir = tempDir('chipid-hospital-'), clock?: Clock): Storage {
  return openStorage(dir, {
    retention: false,
    checkpointIntervalMs: false,
    components: COMPONENTS,
    ...(clock === undefined ? {} : { now: () => clock.now }),
  });
}

export function patientInput(over: Partial<PatientInput> = {}): PatientInput {
  return {
    cccd: '001099012345',
    cmnd: null,
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '1999-03-15',
    sex: 'M',
    address: 'Số 12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
    source: 'chip',
    ...over,
  };
}

export function insurance(status: InsuranceResult['status'] = 'unchecked'): InsuranceResult {
  return {
    status,
    code: status === 'insured' ? '000' : null,
    note: status === 'insured' ? 'Thẻ còn giá trị sử dụng!' : null,
    cardCode: status === 'insured' ? 'DN4797912345678' : null,
    validFrom: null,
    validTo: null,
    primaryFacility: null,
    history: [],
    historyCount: 0,
    checkedAt: '2026-12-03T08:00:00.000Z',
  };
}

export function withDepartments(s: Storage): Storage {
  saveDepartment(s, { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true }, 'test');
  saveDepartment(s, { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true }, 'test');
  return s;
}

export const OPERATOR = 'op_0a1b2c3d';
