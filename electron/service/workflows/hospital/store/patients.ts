/**
 * The patient registry: one record per 12-digit CCCD number, written from a verified read (or, with a
 * supervisor's override, a typed or QR identity), searched by number or by name + date of birth, deleted on
 * the person's request and purged when not seen for the retention period. Every write and every search is
 * audited with `idRef` (last 4 digits and a keyed hash) and field NAMES only, never values.
 */
import { appendAudit, clockMs, transaction, type Storage } from '../../../storage/index.js';
import { appendAuditInTx } from '../../../storage/audit.js';
import { checkText, invalid, isoUtc } from '../../../storage/guard.js';
import { CCCD_RE, DOB_RE, IDENTITY_SOURCES, PHONE_RE } from '../contract.js';
import { HospitalError } from '../errors.js';
import type { Patient, PatientDiff, PatientInput, Sex } from '../types.js';
import { foldName } from './fold.js';
import {
  sqlAnonymiseVisitsOf,
  sqlDeletePatient,
  sqlGetPatient,
  sqlInsertPatient,
  sqlPatientsNotSeenSince,
  sqlSearchByNameDob,
  sqlSearchByNameYear,
  sqlTouchPatient,
  sqlUpdatePatient,
  type PatientRow,
} from './sql.js';

const DAY_MS = 86_400_000;
const SEXES: readonly string[] = ['M', 'F', 'X'];
/** The 15-character BHYT card code (2 letters, 13 digits) or a shorter code some provinces still print. */
const INSURANCE_CODE_RE = /^[A-Z0-9]{10,15}$/;

export function toPatient(r: PatientRow): Patient {
  return {
    cccd: r.cccd,
    cmnd: r.cmnd,
    fullName: r.fullName,
    dateOfBirth: r.dob,
    sex: r.sex as Sex | null,
    address: r.address,
    phone: r.phone,
    insuranceCode: r.insuranceCode,
    source: r.source as Patient['source'],
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** A 12-digit CCCD number or HOSPITAL_NO_ID (the detail never quotes the value). */
export function checkCccd(cccd: unknown): string {
  if (typeof cccd !== 'string' || !CCCD_RE.test(cccd)) throw new HospitalError('HOSPITAL_NO_ID', 'hospital: not a 12-digit CCCD number');
  return cccd;
}

const clean = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

function checkDob(dob: unknown): string {
  if (typeof dob !== 'string' || !DOB_RE.test(dob)) throw invalid('patient dateOfBirth must be yyyy-mm-dd or yyyy');
  if (dob.length === 10 && new Date(`${dob}T00:00:00Z`).toISOString().slice(0, 10) !== dob) throw invalid('patient dateOfBirth is not a calendar date');
  return dob;
}

/** The input as it would be stored (names and addresses NFC, spaces collapsed); malformed fields refused by name. */
export function checkInput(p: PatientInput): PatientInput {
  const cccd = checkCccd(p.cccd);
  if (p.cmnd !== null && (typeof p.cmnd !== 'string' || !/^[0-9]{9}$/.test(p.cmnd))) throw invalid('patient cmnd must be 9 digits or null');
  const fullName = typeof p.fullName === 'string' ? clean(p.fullName) : '';
  if (fullName.length < 1 || fullName.length > 120) throw invalid('patient fullName must be 1-120 characters');
  if (p.sex !== null && !SEXES.includes(p.sex)) throw invalid('patient sex must be M, F, X or null');
  const address = typeof p.address === 'string' ? clean(p.address) : null;
  if (p.address !== null && typeof p.address !== 'string') throw invalid('patient address must be a string or null');
  if (address !== null && address.length > 300) throw invalid('patient address is longer than 300 characters');
  if (!IDENTITY_SOURCES.includes(p.source)) throw invalid('patient source is not known');
  const out: PatientInput = { cccd, cmnd: p.cmnd, fullName, dateOfBirth: checkDob(p.dateOfBirth), sex: p.sex, address: address === '' ? null : address, source: p.source };
  if (p.phone !== undefined) out.phone = checkPhone(p.phone);
  if (p.insuranceCode !== undefined) out.insuranceCode = checkInsuranceCode(p.insuranceCode);
  return out;
}

function checkPhone(phone: string | null): string | null {
  if (phone !== null && (typeof phone !== 'string' || !PHONE_RE.test(phone))) throw invalid('patient phone is not a phone number');
  return phone;
}

function checkInsuranceCode(code: string | null): string | null {
  if (code !== null && (typeof code !== 'string' || !INSURANCE_CODE_RE.test(code))) throw invalid('patient insuranceCode is not a BHYT card code');
  return code;
}

/** An address compared without regard to case or spacing: "12 Lê Lợi" and "12  LÊ LỢI" are the same place. */
const addressKey = (a: string | null): string | null => (a === null ? null : clean(a).toLocaleUpperCase('vi') || null);

/**
 * The fields a read has differently from the stored record, for the receptionist to confirm. Values are
 * compared exactly (NFC), except the address (case and spacing ignored). A field the input does not know
 * (null cmnd, sex or address: a typed entry, a chip without the old number) is no difference: the stored
 * value stays.
 */
export function diffPatient(stored: Patient, input: PatientInput): PatientDiff[] {
  const out: PatientDiff[] = [];
  const nfc = (s: string | null): string | null => (s === null ? null : s.normalize('NFC'));
  const add = (field: PatientDiff['field'], a: string | null, b: string | null, same: boolean): void => {
    if (b !== null && !same) out.push({ field, stored: a, read: b });
  };
  add('cmnd', stored.cmnd, input.cmnd, stored.cmnd === input.cmnd);
  add('fullName', stored.fullName, input.fullName, nfc(stored.fullName) === nfc(input.fullName));
  add('dateOfBirth', stored.dateOfBirth, input.dateOfBirth, stored.dateOfBirth === input.dateOfBirth);
  add('sex', stored.sex, input.sex, stored.sex === input.sex);
  add('address', stored.address, input.address, addressKey(stored.address) === addressKey(input.address));
  return out;
}

export function getPatient(s: Storage, cccd: string): Patient | undefined {
  if (typeof cccd !== 'string' || !CCCD_RE.test(cccd)) return undefined;
  const row = sqlGetPatient(s.read, cccd);
  return row === undefined ? undefined : toPatient(row);
}

/** Which stored columns a write changes (audited by name). */
function changedColumns(a: PatientRow, b: PatientRow): string[] {
  const cols: (keyof PatientRow)[] = ['cmnd', 'fullName', 'dob', 'sex', 'address', 'phone', 'insuranceCode', 'source'];
  return cols.filter((c) => a[c] !== b[c]).map((c) => (c === 'dob' ? 'dateOfBirth' : c));
}

/**
 * Creates or updates the record of `input.cccd` (the caller has had the differences confirmed). Unknown
 * fields (null cmnd/sex/address, absent phone/insuranceCode) keep what is stored. Audited
 * 'hospital.patient_created', or 'hospital.patient_updated' when a stored value changed.
 */
export function upsertPatient(s: Storage, input: PatientInput, actor: string): { patient: Patient; created: boolean; changed: PatientDiff[] } {
  const p = checkInput(input);
  const w = s.write;
  return transaction(w, () => {
    const nowMs = clockMs(w);
    const now = isoUtc(nowMs);
    const old = sqlGetPatient(w, p.cccd);
    const row: PatientRow = {
      cccd: p.cccd,
      cmnd: p.cmnd ?? old?.cmnd ?? null,
      fullName: p.fullName,
      nameFolded: foldName(p.fullName),
      dob: p.dateOfBirth,
      sex: p.sex ?? old?.sex ?? null,
      address: p.address ?? old?.address ?? null,
      phone: p.phone !== undefined ? p.phone : (old?.phone ?? null),
      insuranceCode: p.insuranceCode !== undefined ? p.insuranceCode : (old?.insuranceCode ?? null),
      source: p.source,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      lastSeenMs: Math.max(nowMs, old?.lastSeenMs ?? 0),
    };
    if (old === undefined) {
      sqlInsertPatient(w, row);
      appendAuditInTx(w, { actor, action: 'hospital.patient_created', details: { ...s.idRef(p.cccd), source: p.source } });
      return { patient: toPatient(row), created: true, changed: [] };
    }
    const changed = diffPatient(toPatient(old), p);
    const columns = changedColumns(old, row);
    if (columns.length === 0) {
      sqlTouchPatient(w, p.cccd, nowMs);
      return { patient: toPatient(old), created: false, changed };
    }
    sqlUpdatePatient(w, row);
    appendAuditInTx(w, { actor, action: 'hospital.patient_updated', details: { ...s.idRef(p.cccd), changed: columns, source: p.source } });
    return { patient: toPatient(row), created: false, changed };
  });
}

/** Sets (a string) or clears (null) the phone and/or the BHYT card code; an absent field is left as it is. */
export function setPatientContact(s: Storage, cccd: string, fields: { phone?: string | null; insuranceCode?: string | null }, actor: string): void {
  checkCccd(cccd);
  const w = s.write;
  transaction(w, () => {
    const old = sqlGetPatient(w, cccd);
    if (old === undefined) throw new HospitalError('HOSPITAL_UNKNOWN_PATIENT', 'hospital: no patient record for this CCCD');
    const row: PatientRow = { ...old, updatedAt: isoUtc(clockMs(w)) };
    if (fields.phone !== undefined) row.phone = checkPhone(fields.phone);
    if (fields.insuranceCode !== undefined) row.insuranceCode = checkInsuranceCode(fields.insuranceCode);
    const columns = changedColumns(old, row);
    if (columns.length === 0) return;
    sqlUpdatePatient(w, row);
    appendAuditInTx(w, { actor, action: 'hospital.patient_updated', details: { ...s.idRef(cccd), changed: columns } });
  });
}

export type PatientSearch = { cccd?: string; name?: string; dateOfBirth?: string };

/**
 * By CCCD (exact), or by name (folded: prefix or whole words) AND date of birth (a full date, which also
 * finds year-only records of that year, or a year). Anything else, including a mix of the two kinds, is
 * HOSPITAL_SEARCH_INVALID. Audited 'hospital.patient_search' with the kind of search and the number of
 * hits, never the terms. `actor` (default 'service') is who asked.
 */
export function searchPatients(s: Storage, q: PatientSearch, limit = 20, actor = 'service'): Patient[] {
  const bad = (why: string): never => {
    throw new HospitalError('HOSPITAL_SEARCH_INVALID', `hospital: search ${why}`);
  };
  if (typeof q !== 'object' || q === null) bad('query is not an object');
  const max = Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 100) : 20;
  const has = (k: keyof PatientSearch): boolean => q[k] !== undefined;
  let by: 'cccd' | 'name_dob' | 'name_year';
  let rows: PatientRow[];
  if (has('cccd') && !has('name') && !has('dateOfBirth')) {
    if (typeof q.cccd !== 'string' || !CCCD_RE.test(q.cccd)) bad('by CCCD needs 12 digits');
    by = 'cccd';
    const row = sqlGetPatient(s.read, q.cccd!);
    rows = row === undefined ? [] : [row];
  } else if (!has('cccd') && has('name') && has('dateOfBirth')) {
    const folded = typeof q.name === 'string' ? foldName(q.name) : '';
    if (folded.length < 1 || folded.length > 120) bad('by name needs a name of 1-120 characters');
    const dob = q.dateOfBirth;
    if (typeof dob !== 'string' || !DOB_RE.test(dob)) bad('by name needs a date of birth yyyy-mm-dd or a year yyyy');
    by = dob!.length === 4 ? 'name_year' : 'name_dob';
    rows = by === 'name_year' ? sqlSearchByNameYear(s.read, { q: folded, limit: max, year: dob! }) : sqlSearchByNameDob(s.read, { q: folded, limit: max, dob: dob! });
  } else {
    return bad('needs either cccd alone, or name and dateOfBirth');
  }
  appendAudit(s.write, { actor, action: 'hospital.patient_search', details: { by, hits: rows.length } });
  return rows.map(toPatient);
}

/**
 * Deletes a person's record on their request. Their visits stay (the day's queue, the hospital's counts)
 * but keep nothing that identifies them (sql.ts sqlAnonymiseVisitsOf). False when there was no record.
 * The reason is audited, so it may not carry an ID number (checkText refuses 9+ digit runs).
 */
export function deletePatient(s: Storage, cccd: string, actor: string, reason: string): boolean {
  checkCccd(cccd);
  const why = checkText('deletion reason', typeof reason === 'string' ? reason.trim() : reason, 200);
  if (why.length === 0) throw invalid('deletion reason is empty');
  const w = s.write;
  return transaction(w, () => {
    if (sqlGetPatient(w, cccd) === undefined) return false;
    const visits = sqlAnonymiseVisitsOf(w, cccd);
    sqlDeletePatient(w, cccd);
    appendAuditInTx(w, { actor, action: 'hospital.patient_deleted', details: { ...s.idRef(cccd), reason: why, visits } });
    return true;
  });
}

/**
 * Retention: deletes the records of people not seen (written or checked in) for `notSeenForDays` days and
 * strips their visits as deletion does. One transaction, audited 'hospital.patients_purged' with the count.
 */
export function purgePatients(s: Storage, notSeenForDays: number): number {
  if (!Number.isInteger(notSeenForDays) || notSeenForDays < 1 || notSeenForDays > 36_500) throw invalid('notSeenForDays must be 1..36500');
  const w = s.write;
  return transaction(w, () => {
    const nowMs = clockMs(w);
    const cutoffMs = nowMs - notSeenForDays * DAY_MS;
    const people = sqlPatientsNotSeenSince(w, cutoffMs);
    let visits = 0;
    for (const cccd of people) {
      visits += sqlAnonymiseVisitsOf(w, cccd);
      sqlDeletePatient(w, cccd);
    }
    appendAuditInTx(w, {
      actor: 'system',
      action: 'hospital.patients_purged',
      details: { purged: people.length, visits, notSeenForDays, cutoff: isoUtc(cutoffMs) },
    });
    return people.length;
  });
}
