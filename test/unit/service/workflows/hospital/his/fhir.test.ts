// The visit bundle: valid R4 (every bundle and each resource, against the base definitions), the VN Core
// identifiers, the chosen request methods, deterministic fullUrls, and each mapping (gender, coverage status,
// unverified identities).
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FhirBundleSchema } from '../../../../../../electron/service/workflows/hospital/contract.js';
import { KIOSK_SYSTEMS, PAYOR_DISPLAY, VN_CORE, visitBundle, visitUuid } from '../../../../../../electron/service/workflows/hospital/his/fhir.js';
import type { Coverage, Encounter, Patient } from 'fhir/r4';
import type { IdentitySource, InsuranceStatus } from '../../../../../../electron/service/workflows/hospital/types.js';
import { r4Errors } from './fhir-validator.js';
import { DEPT, HOSPITAL, sampleInsurance, samplePatient, sampleVisit } from './his-helpers.js';

function parts(b: ReturnType<typeof visitBundle>): { patient: Patient; encounter: Encounter; coverage: Coverage } {
  const [p, e, c] = b.entry.map((x) => x.resource);
  expect(p?.resourceType).toBe('Patient');
  expect(e?.resourceType).toBe('Encounter');
  expect(c?.resourceType).toBe('Coverage');
  return { patient: p as Patient, encounter: e as Encounter, coverage: c as Coverage };
}

function expectValid(b: ReturnType<typeof visitBundle>): void {
  expect(r4Errors(b), 'bundle').toEqual([]);
  for (const e of b.entry) expect(r4Errors(e.resource), e.resource?.resourceType).toEqual([]);
}

describe('validator is live', () => {
  it('rejects broken resources', () => {
    const { patient, encounter, coverage } = parts(visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
    expect(r4Errors({ ...patient, birthdate: '1990-05-17' })).not.toEqual([]); // wrong element name
    expect(r4Errors({ ...patient, birthDate: '17/05/1990' })).not.toEqual([]); // not an R4 date
    expect(r4Errors({ ...encounter, class: undefined })).not.toEqual([]); // Encounter.class is 1..1
    expect(r4Errors({ ...coverage, payor: [] })).not.toEqual([]); // Coverage.payor is 1..*
    expect(r4Errors({ ...coverage, beneficiary: 'Patient/1' })).not.toEqual([]); // a string is not a Reference
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    expect(r4Errors({ ...b, entry: [{ ...b.entry[0], request: { url: 'Patient' } }] })).not.toEqual([]); // request.method 1..1
  });
});

describe('visitBundle', () => {
  it('is a valid R4 transaction with Patient, Encounter and Coverage', () => {
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    expect(b.resourceType).toBe('Bundle');
    expect(b.type).toBe('transaction');
    expect(b.entry).toHaveLength(3);
    expectValid(b);
    // And it is what the contract's hospitalFhir / check-in answers promise.
    expect(v.safeParse(FhirBundleSchema, JSON.parse(JSON.stringify(b))).success).toBe(true);
  });

  it('is deterministic: the same visit gives the same bytes, fullUrls are urn:uuid from the visit id', () => {
    const a = JSON.stringify(visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
    const b = JSON.stringify(visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
    expect(a).toBe(b);
    const urls = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL).entry.map((e) => e.fullUrl);
    for (const u of urls) expect(u).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(urls).size).toBe(3);
    expect(urls[0]).toBe(visitUuid('LK261203-7QF3KD', 'Patient'));
    const other = visitBundle(samplePatient(), sampleVisit({ visitId: 'LK261203-7QF3KE' }), DEPT, HOSPITAL).entry.map((e) => e.fullUrl);
    expect(other.filter((u) => urls.includes(u))).toEqual([]);
  });

  it('Patient: CCCD, CMND and BHYT identifiers, name, gender, birth date, address, phone, profile', () => {
    const { patient } = parts(visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
    expect(patient.meta?.profile).toEqual(['http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-patient']);
    expect(patient.identifier?.map((i) => [i.system, i.value])).toEqual([
      [VN_CORE.nationalId, '001099000123'],
      [VN_CORE.citizenId, '012345678'],
      [VN_CORE.insuranceNumber, 'DN4010099000123'],
    ]);
    expect(patient.name).toEqual([{ use: 'official', text: 'Nguyễn Văn Thử', family: 'Nguyễn', given: ['Văn', 'Thử'] }]);
    expect(patient.gender).toBe('male');
    expect(patient.birthDate).toBe('1990-05-17');
    expect(patient.address).toEqual([{ use: 'home', text: 'Số 1 Phố Thử, Phường Kiểm, Quận Mẫu, Hà Nội', country: 'VN' }]);
    expect(patient.telecom).toEqual([{ system: 'phone', value: '0900 000 001', use: 'mobile' }]);
  });

  it('Patient: leaves out what is unknown (no CMND, no card, no phone, no address, year-only birth date)', () => {
    const b = visitBundle(
      samplePatient({ cmnd: null, insuranceCode: null, phone: null, address: null, dateOfBirth: '1957', sex: null }),
      sampleVisit({ insurance: sampleInsurance({ status: 'unchecked', code: null, note: null, cardCode: null, validFrom: null, validTo: null, primaryFacility: null }) }),
      DEPT,
      HOSPITAL,
    );
    expectValid(b);
    const { patient } = parts(b);
    expect(patient.identifier?.map((i) => i.system)).toEqual([VN_CORE.nationalId]);
    expect(patient.birthDate).toBe('1957');
    expect(patient.gender).toBe('unknown');
    expect(patient.telecom).toBeUndefined();
    expect(patient.address).toBeUndefined();
  });

  it.each([
    ['M', 'male'],
    ['F', 'female'],
    ['X', 'other'],
  ] as const)('gender %s → %s', (sex, gender) => {
    expect(parts(visitBundle(samplePatient({ sex }), sampleVisit(), DEPT, HOSPITAL)).patient.gender).toBe(gender);
  });

  it.each(['chip', 'chip-unverified', 'qr', 'typed'] as IdentitySource[])('identity source %s is tagged on Patient and Encounter', (src) => {
    const b = visitBundle(samplePatient({ source: src }), sampleVisit({ identitySource: src }), DEPT, HOSPITAL);
    expectValid(b);
    const { patient, encounter } = parts(b);
    for (const r of [patient, encounter]) {
      const tag = r.meta?.tag?.find((t) => t.system === KIOSK_SYSTEMS.identitySource);
      expect(tag?.code).toBe(src);
      expect(tag?.display?.includes('Unverified')).toBe(src !== 'chip');
    }
  });

  it('a supervisor override is tagged on the Encounter without the reason or who', () => {
    const b = visitBundle(samplePatient(), sampleVisit({ identitySource: 'typed', override: { supervisorId: 'op_0000beef', reason: 'Thẻ hỏng' } }), DEPT, HOSPITAL);
    expectValid(b);
    const s = JSON.stringify(b);
    expect(s).toContain(KIOSK_SYSTEMS.override);
    expect(s).not.toContain('op_0000beef');
    expect(s).not.toContain('Thẻ hỏng');
  });

  it('Encounter: visit id, queue number, arrived, AMB, department, start, subject → the Patient entry', () => {
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    const { encounter } = parts(b);
    expect(encounter.identifier?.map((i) => [i.system, i.value])).toEqual([
      [KIOSK_SYSTEMS.visit, 'LK261203-7QF3KD'],
      [KIOSK_SYSTEMS.queue, '2026-12-03/K01/A007'],
    ]);
    expect(encounter.status).toBe('arrived');
    expect(encounter.class).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' });
    expect(encounter.serviceType?.coding?.[0]).toMatchObject({ code: 'K01', display: 'Khám Nội' });
    expect(encounter.location?.[0]?.location).toMatchObject({ identifier: { value: 'K01' }, display: 'Khám Nội' });
    expect(encounter.period).toEqual({ start: '2026-12-03T08:01:30.000Z' });
    expect(encounter.subject).toEqual({ reference: b.entry[0]?.fullUrl });
    expect(encounter.serviceProvider).toMatchObject({ display: HOSPITAL.name, identifier: { value: HOSPITAL.code } });
  });

  it.each([
    ['insured', 'active'],
    ['not_insured', 'cancelled'],
    ['expired', 'cancelled'],
    ['mismatch', 'draft'],
    ['unchecked', 'draft'],
    ['error', 'draft'],
  ] as [InsuranceStatus, Coverage['status']][])('Coverage status: %s → %s', (status, want) => {
    const b = visitBundle(samplePatient(), sampleVisit({ insurance: sampleInsurance({ status, code: status === 'insured' ? '000' : '050', note: 'ghi chú' }) }), DEPT, HOSPITAL);
    expectValid(b);
    const { coverage } = parts(b);
    expect(coverage.status).toBe(want);
    const ext = coverage.extension?.find((e) => e.url === KIOSK_SYSTEMS.insuranceCheckExtension)?.extension ?? [];
    expect(ext.find((e) => e.url === 'status')?.valueCode).toBe(status);
    expect(ext.find((e) => e.url === 'note')?.valueString).toBe('ghi chú');
  });

  it('Coverage: card code, period, beneficiary → the Patient entry, payor BHXH, the gateway code and ghiChu', () => {
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    const { coverage } = parts(b);
    expect(coverage.identifier).toEqual([{ use: 'official', system: VN_CORE.insuranceNumber, value: 'DN4010099000123' }]);
    expect(coverage.period).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(coverage.beneficiary).toEqual({ reference: b.entry[0]?.fullUrl });
    expect(coverage.payor).toEqual([{ display: PAYOR_DISPLAY }]);
    const ext = coverage.extension?.[0]?.extension ?? [];
    expect(ext.find((e) => e.url === 'code')?.valueString).toBe('000');
    expect(ext.find((e) => e.url === 'note')?.valueString).toBe('Thẻ còn giá trị sử dụng!');
  });

  it('the renewed card code from the gateway wins over the registry’s', () => {
    const b = visitBundle(samplePatient({ insuranceCode: 'DN4010099000111' }), sampleVisit(), DEPT, HOSPITAL);
    expect(parts(b).patient.identifier?.find((i) => i.system === VN_CORE.insuranceNumber)?.value).toBe('DN4010099000123');
  });

  it('request methods: Patient and Encounter conditional creates, Coverage conditional update (or create without a card)', () => {
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    expect(b.entry.map((e) => e.request)).toEqual([
      { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${VN_CORE.nationalId}|001099000123` },
      { method: 'POST', url: 'Encounter', ifNoneExist: `identifier=${KIOSK_SYSTEMS.visit}|LK261203-7QF3KD` },
      { method: 'PUT', url: `Coverage?identifier=${VN_CORE.insuranceNumber}|DN4010099000123` },
    ]);
    const none = visitBundle(samplePatient(), sampleVisit({ insurance: sampleInsurance({ status: 'unchecked', cardCode: null }) }), DEPT, HOSPITAL);
    expectValid(none);
    expect(none.entry[2]?.request).toEqual({ method: 'POST', url: 'Coverage', ifNoneExist: `identifier=${KIOSK_SYSTEMS.insuranceCheck}|LK261203-7QF3KD` });
  });

  it('a hospital without a facility code still gives a valid bundle', () => {
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, { name: 'Phòng khám Thử' });
    expectValid(b);
    expect(parts(b).encounter.serviceProvider).toEqual({ display: 'Phòng khám Thử' });
  });
});
