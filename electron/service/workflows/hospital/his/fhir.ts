/**
 * A visit as the FHIR R4 transaction Bundle the HIS receives: the Patient, the Encounter (the visit, its
 * department and queue number) and the Coverage (the BHYT card as the gateway answered). Pure: no I/O, no
 * clock, no randomness — the same visit always gives the same bundle, byte for byte once serialised, so a
 * re-sent bundle is identical and the HIS can dedupe it (the outbox also sends the same Idempotency-Key).
 *
 * Request methods (why, in docs/his-handoff.md): Patient and Encounter are conditional creates
 * (POST + ifNoneExist on their identifier), so a re-send or a second visit never overwrites what the HIS holds;
 * the Coverage is a conditional update (PUT Coverage?identifier=…) because the gateway's answer is the current
 * truth about that card. Every value here is personal data: never log a bundle.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Department, IdentitySource, InsuranceStatus, Patient as HospitalPatient, Visit } from '../types.js';
import type { Bundle, BundleEntry, Coverage, Encounter, Extension, HumanName, Identifier, Patient, Reference } from 'fhir/r4';

/** What visitBundle returns: always a transaction, always with its three entries (Patient, Encounter, Coverage). */
export type VisitBundle = Bundle & { type: 'transaction'; entry: BundleEntry[] };

/** Vietnam Core IG (hl7vn/vn-core-ig, canonical http://fhir.ehealth.gov.vn/core). insurance_number and the
 *  profile URL are confirmed from the IG's published pages; national_id and citizen_id are the systems
 *  COUNTERS.md names, not confirmed from an IG page (see docs/his-handoff.md). */
export const VN_CORE = {
  nationalId: 'http://fhir.ehealth.gov.vn/core/sid/national_id',
  citizenId: 'http://fhir.ehealth.gov.vn/core/sid/citizen_id',
  insuranceNumber: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number',
  patientProfile: 'http://fhir.ehealth.gov.vn/core/StructureDefinition/vn-core-patient',
} as const;

/** Our own systems (URNs, so we claim no web domain). A HIS that wants its own maps them on receipt. */
export const KIOSK_SYSTEMS = {
  visit: 'urn:chipid:visit',
  queue: 'urn:chipid:queue',
  department: 'urn:chipid:department',
  /** ASSUMED: no public naming system for the facility code (mã CSKCB) was found. */
  facility: 'urn:chipid:facility',
  identitySource: 'urn:chipid:identity-source',
  override: 'urn:chipid:supervisor-override',
  /** Coverage of a visit whose card code is not known yet (lookup queued or failed). */
  insuranceCheck: 'urn:chipid:insurance-check',
  insuranceCheckExtension: 'urn:chipid:fhir:extension:insurance-check',
} as const;

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const SUBSCRIBER_RELATIONSHIP = 'http://terminology.hl7.org/CodeSystem/subscriber-relationship';
export const PAYOR_DISPLAY = 'BHXH Việt Nam';

export interface HospitalInfo {
  name: string;
  /** Facility code (mã CSKCB), when configured. */
  code?: string;
}

const IDENTITY_LABEL: Record<IdentitySource, string> = {
  chip: 'Đã xác thực chip / Chip verified',
  'chip-unverified': 'Danh tính chưa xác thực (chip không hợp lệ) / Unverified identity (chip failed verification)',
  qr: 'Danh tính chưa xác thực (mã QR) / Unverified identity (QR code)',
  typed: 'Danh tính chưa xác thực (nhập tay) / Unverified identity (typed in)',
};

/** insured → active; a card that is not valid → cancelled; nothing confirmed yet → draft. */
const COVERAGE_STATUS: Record<InsuranceStatus, Coverage['status']> = {
  insured: 'active',
  not_insured: 'cancelled',
  expired: 'cancelled',
  mismatch: 'draft',
  unchecked: 'draft',
  error: 'draft',
};

/** A name-based UUID (RFC 9562 version 8, from SHA-256): the same visit and resource give the same urn:uuid. */
export function visitUuid(visitId: string, resource: string): string {
  const h = sha256(new TextEncoder().encode(`chipid-his/${visitId}/${resource}`)).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The condition of a conditional create / update: `identifier=system|value` (FHIR R4 search syntax). */
const byIdentifier = (system: string, value: string): string => `identifier=${system}|${encodeURIComponent(value)}`;

/** Vietnamese names are family name first: 'Nguyễn Văn An' → family 'Nguyễn', given ['Văn', 'An']. */
function humanName(full: string): HumanName {
  const parts = full.trim().split(/\s+/).filter((p) => p !== '');
  const name: HumanName = { use: 'official', text: parts.join(' ') };
  if (parts[0] !== undefined) name.family = parts[0];
  if (parts.length > 1) name.given = parts.slice(1);
  return name;
}

function identityTag(source: IdentitySource): { system: string; code: string; display: string } {
  return { system: KIOSK_SYSTEMS.identitySource, code: source, display: IDENTITY_LABEL[source] };
}

export function patientResource(p: HospitalPatient, source: IdentitySource): Patient {
  const identifier: Identifier[] = [
    { use: 'official', type: { coding: [{ system: V2_0203, code: 'NI' }], text: 'CCCD' }, system: VN_CORE.nationalId, value: p.cccd },
  ];
  if (p.cmnd !== null && p.cmnd !== '') identifier.push({ use: 'old', type: { text: 'CMND' }, system: VN_CORE.citizenId, value: p.cmnd });
  if (p.insuranceCode !== null && p.insuranceCode !== '') identifier.push({ use: 'secondary', type: { text: 'BHYT' }, system: VN_CORE.insuranceNumber, value: p.insuranceCode });
  const r: Patient = {
    resourceType: 'Patient',
    // The tag says how this visit's identity was established; anything but 'chip' is unverified.
    meta: { profile: [VN_CORE.patientProfile], tag: [identityTag(source)] },
    identifier,
    active: true,
    name: [humanName(p.fullName)],
  };
  if (p.phone !== null && p.phone !== '') r.telecom = [{ system: 'phone', value: p.phone, use: 'mobile' }];
  r.gender = p.sex === 'M' ? 'male' : p.sex === 'F' ? 'female' : p.sex === 'X' ? 'other' : 'unknown';
  if (/^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$/.test(p.dateOfBirth)) r.birthDate = p.dateOfBirth;
  if (p.address !== null && p.address !== '') r.address = [{ use: 'home', text: p.address, country: 'VN' }];
  return r;
}

export function encounterResource(v: Visit, dept: Department, hospital: HospitalInfo, patientRef: string): Encounter {
  const provider: Reference = { display: hospital.name };
  if (hospital.code !== undefined && hospital.code !== '') provider.identifier = { system: KIOSK_SYSTEMS.facility, value: hospital.code };
  const tag = [identityTag(v.identitySource)];
  // Who let an unverified identity through is kept at the kiosk; the HIS learns only that it happened.
  if (v.override !== null) tag.push({ system: KIOSK_SYSTEMS.override, code: 'override', display: 'Người giám sát cho phép / Supervisor override' });
  return {
    resourceType: 'Encounter',
    meta: { tag },
    identifier: [
      { use: 'official', system: KIOSK_SYSTEMS.visit, value: v.visitId, assigner: provider },
      // Queue numbers restart per department per day, so the value carries both.
      { use: 'secondary', type: { text: 'Số thứ tự / Queue number' }, system: KIOSK_SYSTEMS.queue, value: `${v.day}/${v.department}/${v.queueLabel}` },
    ],
    status: 'arrived',
    class: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
    serviceType: { coding: [{ system: KIOSK_SYSTEMS.department, code: dept.code, display: dept.name }], text: dept.name },
    subject: { reference: patientRef },
    period: { start: v.createdAt },
    location: [{ location: { identifier: { system: KIOSK_SYSTEMS.department, value: dept.code }, display: dept.name } }],
    serviceProvider: provider,
  };
}

export function coverageResource(v: Visit, patientRef: string): Coverage {
  const ins = v.insurance;
  const check: Extension[] = [{ url: 'status', valueCode: ins.status }];
  if (ins.code !== null) check.push({ url: 'code', valueString: ins.code });
  if (ins.note !== null && ins.note !== '') check.push({ url: 'note', valueString: ins.note });
  if (ins.primaryFacility !== null) check.push({ url: 'primaryFacility', valueString: ins.primaryFacility });
  check.push({ url: 'checkedAt', valueDateTime: ins.checkedAt });
  const r: Coverage = {
    resourceType: 'Coverage',
    // The gateway's result code (maKetQua) and its note (ghiChu) verbatim: Coverage has no element for them.
    extension: [{ url: KIOSK_SYSTEMS.insuranceCheckExtension, extension: check }],
    identifier: ins.cardCode !== null
      ? [{ use: 'official', system: VN_CORE.insuranceNumber, value: ins.cardCode }]
      : [{ use: 'temp', system: KIOSK_SYSTEMS.insuranceCheck, value: v.visitId }],
    status: COVERAGE_STATUS[ins.status],
    type: { text: 'BHYT' },
    beneficiary: { reference: patientRef },
    relationship: { coding: [{ system: SUBSCRIBER_RELATIONSHIP, code: 'self' }] },
    payor: [{ display: PAYOR_DISPLAY }],
  };
  if (ins.validFrom !== null || ins.validTo !== null) {
    r.period = {};
    if (ins.validFrom !== null) r.period.start = ins.validFrom;
    if (ins.validTo !== null) r.period.end = ins.validTo;
  }
  return r;
}

/** The transaction Bundle for one visit. `p` is the registry's patient; `v.identitySource` marks the identity. */
export function visitBundle(p: HospitalPatient, v: Visit, dept: Department, hospital: HospitalInfo): VisitBundle {
  const patientUrl = visitUuid(v.visitId, 'Patient');
  const cardCode = v.insurance.cardCode;
  return {
    resourceType: 'Bundle',
    identifier: { system: KIOSK_SYSTEMS.visit, value: v.visitId },
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        // The gateway's card code (maTheMoi for a renewed card) is newer than the registry's.
        resource: patientResource({ ...p, insuranceCode: cardCode ?? p.insuranceCode }, v.identitySource),
        request: { method: 'POST', url: 'Patient', ifNoneExist: byIdentifier(VN_CORE.nationalId, p.cccd) },
      },
      {
        fullUrl: visitUuid(v.visitId, 'Encounter'),
        resource: encounterResource(v, dept, hospital, patientUrl),
        request: { method: 'POST', url: 'Encounter', ifNoneExist: byIdentifier(KIOSK_SYSTEMS.visit, v.visitId) },
      },
      {
        fullUrl: visitUuid(v.visitId, 'Coverage'),
        resource: coverageResource(v, patientUrl),
        request: cardCode !== null
          ? { method: 'PUT', url: `Coverage?${byIdentifier(VN_CORE.insuranceNumber, cardCode)}` }
          : { method: 'POST', url: 'Coverage', ifNoneExist: byIdentifier(KIOSK_SYSTEMS.insuranceCheck, v.visitId) },
      },
    ],
  };
}
