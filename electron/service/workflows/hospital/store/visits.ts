/**
 * Visits and their queue numbers. A queue number belongs to (department, day) and counts from 1, never
 * repeated or skipped: it is allocated (max + 1) and the visit inserted in one BEGIN IMMEDIATE transaction,
 * which holds the database's write lock, so two processes (the kiosk and a CLI, two kiosk windows on one
 * data folder) take turns; the UNIQUE (day, department, queue_number) constraint is the guard should that
 * ever fail. A rolled-back insert takes its number with it, so nothing is skipped either.
 */
import { randomInt } from 'node:crypto';
import { appendFleetInTx, clockMs, transaction, type Storage } from '../../../storage/index.js';
import { appendAuditInTx } from '../../../storage/audit.js';
import { checkOptionalText, checkText, checkToken, invalid, isoUtc } from '../../../storage/guard.js';
import { DAY_RE, IDENTITY_SOURCES, INSURANCE_STATUSES, VISIT_ID_RE } from '../contract.js';
import { HospitalError } from '../errors.js';
import { uncheckedResult } from '../bhyt/codes.js';
import type { IdentitySource, InsuranceResult, Visit } from '../types.js';
import { foldName, namePatterns } from './fold.js';
import { checkCccd } from './patients.js';
import {
  sqlGetDepartment,
  sqlGetPatient,
  sqlGetVisit,
  sqlInsertVisit,
  sqlListVisits,
  sqlNextQueueNumber,
  sqlSetVisitInsurance,
  sqlSetVisitPrinted,
  sqlTouchPatient,
  sqlVisitExists,
  type VisitRow,
} from './sql.js';

/** Crockford's base32: no I, L, O, U (read aloud and typed without confusion). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_ATTEMPTS = 16;

function randomChars(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CROCKFORD[randomInt(32)];
  return s;
}

/** 'LK' + yymmdd of the day + '-' + 6 random characters: 32^6 ≈ 10^9 codes per day. */
export function makeVisitId(day: string, random: string): string {
  const id = `LK${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${random}`;
  if (!VISIT_ID_RE.test(id)) throw invalid('visit id does not match the MA_LK pattern');
  return id;
}

function checkDay(day: unknown): string {
  if (typeof day !== 'string' || !DAY_RE.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw invalid('visit day must be a calendar date yyyy-mm-dd');
  }
  return day;
}

/** A visit's insurance as stored: the whole result, or (once the patient is gone) the status alone. */
function insuranceOf(r: VisitRow): InsuranceResult {
  if (r.insuranceJson !== null) return JSON.parse(r.insuranceJson) as InsuranceResult;
  return { ...uncheckedResult(null, r.createdAt), status: r.insuranceStatus as InsuranceResult['status'] };
}

/** After deletion, `patientCccd` is the last 4 digits only. */
export function toVisit(r: VisitRow): Visit {
  return {
    visitId: r.visitId,
    patientCccd: r.patientCccd ?? r.cccdLast4,
    department: r.department,
    queueNumber: r.queueNumber,
    queueLabel: r.queueLabel,
    day: r.day,
    operatorId: r.operatorId,
    counter: r.counter,
    identitySource: r.identitySource as IdentitySource,
    override: r.overrideSupervisor === null ? null : { supervisorId: r.overrideSupervisor, reason: r.overrideReason ?? '' },
    insurance: insuranceOf(r),
    createdAt: r.createdAt,
    printed: r.printed as Visit['printed'],
  };
}

function checkInsurance(ins: InsuranceResult): string {
  if (typeof ins !== 'object' || ins === null || !INSURANCE_STATUSES.includes(ins.status)) throw invalid('visit insurance has no known status');
  return JSON.stringify(ins);
}

export interface NewVisit {
  patientCccd: string;
  department: string;
  day: string;
  operatorId: string;
  counter: string | null;
  identitySource: IdentitySource;
  override: Visit['override'];
  insurance: InsuranceResult;
}

/**
 * Makes a visit with the next queue number of (department, day), for a patient already in the registry
 * and an active department. Audited 'hospital.visit_created' (visitId, department, queue number, operator,
 * identity source, override yes/no) in the same transaction. `opts.random` replaces the 6 random
 * characters (tests of the collision retry).
 */
export function createVisit(s: Storage, v: NewVisit, opts: { random?: () => string } = {}): Visit {
  const cccd = checkCccd(v.patientCccd);
  const day = checkDay(v.day);
  const operatorId = checkToken('visit operatorId', v.operatorId);
  const counter = checkOptionalText('visit counter', v.counter, 100);
  if (!IDENTITY_SOURCES.includes(v.identitySource)) throw invalid('visit identitySource is not known');
  const override = v.override === null ? null : { supervisorId: checkToken('override supervisorId', v.override.supervisorId), reason: checkText('override reason', v.override.reason, 200) };
  const insuranceJson = checkInsurance(v.insurance);
  const random = opts.random ?? randomChars;
  const w = s.write;
  return transaction(w, () => {
    const dep = sqlGetDepartment(w, v.department);
    if (dep === undefined || dep.active !== 1) throw new HospitalError('HOSPITAL_UNKNOWN_DEPARTMENT', 'hospital: no active department with this code');
    if (sqlGetPatient(w, cccd) === undefined) throw new HospitalError('HOSPITAL_UNKNOWN_PATIENT', 'hospital: no patient record for this CCCD');
    let visitId = '';
    for (let i = 0; ; i++) {
      if (i === ID_ATTEMPTS) throw invalid(`no free visit id after ${ID_ATTEMPTS} attempts`);
      visitId = makeVisitId(day, random());
      if (!sqlVisitExists(w, visitId)) break;
    }
    const nowMs = clockMs(w);
    const queueNumber = sqlNextQueueNumber(w, day, dep.code);
    const row: VisitRow = {
      visitId,
      patientCccd: cccd,
      cccdLast4: cccd.slice(-4),
      department: dep.code,
      day,
      queueNumber,
      queueLabel: `${dep.prefix}${String(queueNumber).padStart(3, '0')}`,
      operatorId,
      counter,
      identitySource: v.identitySource,
      overrideSupervisor: override?.supervisorId ?? null,
      overrideReason: override?.reason ?? null,
      insuranceStatus: v.insurance.status,
      insuranceJson,
      createdAt: isoUtc(nowMs),
      createdMs: nowMs,
      printed: 'no',
    };
    sqlInsertVisit(w, row);
    sqlTouchPatient(w, cccd, nowMs);
    appendAuditInTx(w, {
      actor: `operator:${operatorId}`,
      action: 'hospital.visit_created',
      details: { visitId, department: dep.code, queueNumber, operator: operatorId, source: v.identitySource, override: override === null ? 'no' : 'yes' },
    });
    appendFleetInTx(w, {
      kind: 'hospital.checkin',
      atMs: nowMs,
      workflow: 'hospital',
      counter: counter ?? 'default',
      operator: operatorId,
      outcome: override === null ? 'checked-in' : 'overridden',
      department: dep.code,
      lookup: v.insurance.status,
      override: override === null ? 0 : 1,
    });
    return toVisit(row);
  });
}

export function getVisit(s: Storage, visitId: string): Visit | undefined {
  const row = sqlGetVisit(s.read, visitId);
  return row === undefined ? undefined : toVisit(row);
}

export type VisitListItem = { visit: Visit; patient: { fullName: string; dateOfBirth: string; cccdLast4: string } };

/**
 * A day's visits, newest first (default 200, at most 1000). `query`: digits match the end of the CCCD
 * (up to 4 also match the kept last 4 of deleted records), anything else the folded name (prefix or whole
 * words, as the search). A visit whose patient record is gone shows an empty name and date of birth.
 */
export function listVisits(s: Storage, q: { day: string; department?: string; query?: string; limit?: number }): VisitListItem[] {
  const day = checkDay(q.day);
  const limit = Number.isInteger(q.limit) ? Math.min(Math.max(q.limit!, 1), 1000) : 200;
  const text = typeof q.query === 'string' ? q.query.trim() : '';
  const digits = /^[0-9]{1,12}$/.test(text) ? text : null;
  const folded = digits === null && text !== '' ? foldName(text) : '';
  const patterns = folded === '' ? { prefix: null, word: null } : namePatterns(folded);
  const rows = sqlListVisits(s.read, { day, department: q.department ?? null, ...patterns, digits, limit });
  return rows.map((r) => ({
    visit: toVisit(r),
    patient: { fullName: r.fullName ?? '', dateOfBirth: r.dateOfBirth ?? '', cccdLast4: r.cccdLast4 },
  }));
}

/** The gateway's answer for a visit (a retried lookup). A visit whose patient was deleted keeps no result. */
export function setVisitInsurance(s: Storage, visitId: string, ins: InsuranceResult): void {
  const json = checkInsurance(ins);
  const w = s.write;
  transaction(w, () => {
    const visit = sqlGetVisit(w, visitId);
    if (visit === undefined) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'hospital: no visit with this id');
    sqlSetVisitInsurance(w, visitId, ins.status, json);
    appendFleetInTx(w, { kind: 'hospital.lookup', workflow: 'hospital', counter: visit.counter ?? 'default', operator: visit.operatorId, department: visit.department, lookup: ins.status });
  });
}

export function setVisitPrinted(s: Storage, visitId: string, printed: Visit['printed']): void {
  if (printed !== 'no' && printed !== 'yes' && printed !== 'failed') throw invalid('visit printed must be no, yes or failed');
  const w = s.write;
  transaction(w, () => {
    if (!sqlSetVisitPrinted(w, visitId, printed)) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'hospital: no visit with this id');
  });
}
