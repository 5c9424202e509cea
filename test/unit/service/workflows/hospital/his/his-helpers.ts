// Shared by the HIS tests: synthetic (not real) patients and visits, and the registry's real storage with its
// outbox (electron/service/workflows/hospital/store) bound as the sender's OutboxStore.
import { openStorage, transaction, type Storage } from '../../../../../../electron/service/storage/index.js';
import { visitBundle } from '../../../../../../electron/service/workflows/hospital/his/fhir.js';
import { bindOutbox, enqueueBundle, type OutboxStore } from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import { HOSPITAL_MIGRATIONS } from '../../../../../../electron/service/workflows/hospital/migrations/index.js';
import * as registry from '../../../../../../electron/service/workflows/hospital/store/index.js';
import { createVisit, saveDepartment, upsertPatient } from '../../../../../../electron/service/workflows/hospital/store/index.js';
import type { Department, InsuranceResult, Patient, Visit } from '../../../../../../electron/service/workflows/hospital/types.js';

/** Made-up data: the CCCD and CMND numbers follow the formats but belong to no one. */
export function samplePatient(over: Partial<Patient> = {}): Patient {
  return {
    cccd: '001099000123',
    cmnd: '012345678',
    fullName: 'Nguyễn Văn Thử',
    dateOfBirth: '1990-05-17',
    sex: 'M',
    address: 'Số 1 Phố Thử, Phường Kiểm, Quận Mẫu, Hà Nội',
    phone: '0900 000 001',
    insuranceCode: 'DN4010099000123',
    source: 'chip',
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-03T08:00:00.000Z',
    ...over,
  };
}

export function sampleInsurance(over: Partial<InsuranceResult> = {}): InsuranceResult {
  return {
    status: 'insured',
    code: '000',
    note: 'Thẻ còn giá trị sử dụng!',
    cardCode: 'DN4010099000123',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    primaryFacility: '01001',
    history: [],
    historyCount: 0,
    checkedAt: '2026-12-03T08:01:00.000Z',
    ...over,
  };
}

export const DEPT: Department = { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true };
export const HOSPITAL = { name: 'Bệnh viện Thử nghiệm', code: '01001' };

export function sampleVisit(over: Partial<Visit> = {}): Visit {
  return {
    visitId: 'LK261203-7QF3KD',
    patientCccd: '001099000123',
    department: 'K01',
    queueNumber: 7,
    queueLabel: 'A007',
    day: '2026-12-03',
    operatorId: 'op_0000abcd',
    counter: 'Quầy 3',
    identitySource: 'chip',
    override: null,
    insurance: sampleInsurance(),
    createdAt: '2026-12-03T08:01:30.000Z',
    printed: 'yes',
    ...over,
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The i-th synthetic visit id of a day (valid against VISIT_ID_RE). */
export function visitIdOf(i: number): string {
  let s = '';
  for (let n = i, k = 0; k < 6; k++, n = Math.floor(n / 32)) s = CROCKFORD[n % 32] + s;
  return `LK261203-${s}`;
}

export { removeTempDirs, tempDir } from '../../../fixtures/storage-helpers.js';

export interface Clock {
  now: number;
}

/**
 * The registry's real storage (a SQLCipher file, the hospital migrations) with one department and one patient,
 * and its outbox bound as the sender sees it. `clock` (optional) drives the storage's time, so enqueued rows are
 * due from clock.now. `visit(i)` makes the i-th visit (id from visitIdOf) and queues its bundle, in one commit.
 */
export function openHis(dir: string, clock?: Clock): {
  storage: Storage;
  store: OutboxStore;
  patient: Patient;
  visit(i: number): { visit: Visit; key: string; queued: boolean };
  close(): void;
} {
  const storage = openStorage(dir, {
    retention: false,
    checkpointIntervalMs: false,
    busyTimeoutMs: 60_000,
    components: [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }],
    ...(clock === undefined ? {} : { now: () => clock.now }),
  });
  saveDepartment(storage, DEPT, 'test');
  const p = samplePatient();
  const patient = upsertPatient(storage, { cccd: p.cccd, cmnd: p.cmnd, fullName: p.fullName, dateOfBirth: p.dateOfBirth, sex: p.sex, address: p.address, phone: p.phone, insuranceCode: p.insuranceCode, source: 'chip' }, 'test').patient;
  const store = bindOutbox(storage, registry);
  return {
    storage,
    store,
    patient,
    // The desk's pattern: the visit and its outbox row commit together (transaction nests as a savepoint), so a
    // kill leaves either both or neither.
    visit: (i) =>
      transaction(storage.write, () => {
        const suffix = visitIdOf(i).slice(-6);
        const v = createVisit(
          storage,
          { patientCccd: patient.cccd, department: DEPT.code, day: '2026-12-03', operatorId: 'op_0000abcd', counter: 'Quầy 3', identitySource: 'chip', override: null, insurance: sampleInsurance() },
          { random: () => suffix },
        );
        return { visit: v, ...enqueueBundle(store, v.visitId, visitBundle(patient, v, DEPT, HOSPITAL)) };
      }),
    close: () => storage.close(),
  };
}
