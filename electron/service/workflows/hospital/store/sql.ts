/**
 * All SQL of the hospital registry (its tables: ../migrations/). The other store modules validate, fold and
 * map; only this one talks to SQLite, through the storage's cached `statement(h, sql)`. Writers run inside
 * the caller's `transaction(w, …)`.
 */
import { statement, type ReadableDb, type WritableDb } from '../../../storage/index.js';
import { nameKeys } from './fold.js';

// ---------------------------------------------------------------------------------------------------------
// Departments

export interface DepartmentRow {
  code: string;
  name: string;
  prefix: string;
  active: number;
}

const DEPARTMENT_COLUMNS = `code, name, prefix, active`;

export function sqlListDepartments(r: ReadableDb): DepartmentRow[] {
  return statement(r, `SELECT ${DEPARTMENT_COLUMNS} FROM hospital_departments ORDER BY active DESC, code`).all() as DepartmentRow[];
}

export function sqlGetDepartment(r: ReadableDb, code: string): DepartmentRow | undefined {
  return statement(r, `SELECT ${DEPARTMENT_COLUMNS} FROM hospital_departments WHERE code = ?`).get(code) as DepartmentRow | undefined;
}

export function sqlPutDepartment(w: WritableDb, row: DepartmentRow & { updatedAt: string }): void {
  statement(
    w,
    `INSERT INTO hospital_departments (code, name, prefix, active, updated_at) VALUES (@code, @name, @prefix, @active, @updatedAt)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix, active = excluded.active,
       updated_at = excluded.updated_at`,
  ).run(row);
}

// ---------------------------------------------------------------------------------------------------------
// Patients

export interface PatientRow {
  cccd: string;
  cmnd: string | null;
  fullName: string;
  nameFolded: string;
  dob: string;
  sex: string | null;
  address: string | null;
  phone: string | null;
  insuranceCode: string | null;
  source: string;
  createdAt: string;
  updatedAt: string;
  lastSeenMs: number;
}

const PATIENT_COLUMNS = `cccd, cmnd, full_name AS fullName, name_folded AS nameFolded, dob, sex, address, phone,
  insurance_code AS insuranceCode, source, created_at AS createdAt, updated_at AS updatedAt, last_seen_ms AS lastSeenMs`;

const GET_PATIENT = `SELECT ${PATIENT_COLUMNS} FROM hospital_patients WHERE cccd = ?`;

export function sqlGetPatient(r: ReadableDb, cccd: string): PatientRow | undefined {
  return statement(r, GET_PATIENT).get(cccd) as PatientRow | undefined;
}

/** The name's search keys (fold.ts nameKeys) with the year and date of birth: written with the patient. */
function insertNameKeys(w: WritableDb, cccd: string, nameFolded: string, dob: string): void {
  const ins = statement(w, `INSERT OR IGNORE INTO hospital_name_keys (year, key, cccd, dob, whole) VALUES (?, ?, ?, ?, ?)`);
  const year = dob.slice(0, 4);
  nameKeys(nameFolded).forEach((key, i) => ins.run(year, key, cccd, dob, i === 0 ? 1 : 0));
}

/** Removes the keys of the stored row (the name and date as they are in the database, not as given). */
function deleteNameKeys(w: WritableDb, cccd: string): void {
  const old = statement(w, `SELECT name_folded AS nameFolded, dob FROM hospital_patients WHERE cccd = ?`).get(cccd) as { nameFolded: string; dob: string } | undefined;
  if (old === undefined) return;
  const del = statement(w, `DELETE FROM hospital_name_keys WHERE year = ? AND key = ? AND cccd = ?`);
  for (const key of nameKeys(old.nameFolded)) del.run(old.dob.slice(0, 4), key, cccd);
}

/** Inserts the patient and its name keys (run inside a transaction). */
export function sqlInsertPatient(w: WritableDb, row: PatientRow): void {
  statement(
    w,
    `INSERT INTO hospital_patients (cccd, cmnd, full_name, name_folded, dob, sex, address, phone, insurance_code, source,
       created_at, updated_at, last_seen_ms)
     VALUES (@cccd, @cmnd, @fullName, @nameFolded, @dob, @sex, @address, @phone, @insuranceCode, @source,
       @createdAt, @updatedAt, @lastSeenMs)`,
  ).run(row);
  insertNameKeys(w, row.cccd, row.nameFolded, row.dob);
}

/** Rewrites every column but the key and created_at, and the name keys (run inside a transaction). */
export function sqlUpdatePatient(w: WritableDb, row: PatientRow): void {
  deleteNameKeys(w, row.cccd);
  statement(
    w,
    `UPDATE hospital_patients SET cmnd = @cmnd, full_name = @fullName, name_folded = @nameFolded, dob = @dob, sex = @sex,
       address = @address, phone = @phone, insurance_code = @insuranceCode, source = @source, updated_at = @updatedAt,
       last_seen_ms = @lastSeenMs
     WHERE cccd = @cccd`,
  ).run(row);
  insertNameKeys(w, row.cccd, row.nameFolded, row.dob);
}

export function sqlTouchPatient(w: WritableDb, cccd: string, lastSeenMs: number): void {
  statement(w, `UPDATE hospital_patients SET last_seen_ms = max(last_seen_ms, ?) WHERE cccd = ?`).run(lastSeenMs, cccd);
}

/** Deletes the patient and its name keys (run inside a transaction). */
export function sqlDeletePatient(w: WritableDb, cccd: string): boolean {
  deleteNameKeys(w, cccd);
  return statement(w, `DELETE FROM hospital_patients WHERE cccd = ?`).run(cccd).changes > 0;
}

export function sqlPatientsNotSeenSince(w: WritableDb, cutoffMs: number): string[] {
  return (statement(w, `SELECT cccd FROM hospital_patients WHERE last_seen_ms < ?`).all(cutoffMs) as { cccd: string }[]).map((x) => x.cccd);
}

/**
 * Name + date-of-birth search on the name keys: a range seek on (year, key) or (dob, key) for the keys that
 * start with the folded query `q`, kept when
 *   the key is the whole name (its prefix matches: 'NGUYEN V' finds 'NGUYEN VAN AN'), or
 *   the query ends there at a word boundary (a run of whole words: 'VAN AN' finds it, 'AN' not 'VAN ANH').
 * At most `limit` people are picked (in key order, so the seek stops early), then ordered by name and date.
 */
const KEY_MATCH = `key >= @q AND key < @qEnd AND (whole = 1 OR key = @q OR substr(key, 1, length(@q) + 1) = @q || ' ')`;
/** Above every character a folded name can hold: the end of the range of keys that start with q. */
const TOP = '\u{10FFFF}';

export const SQL_SEARCH_DOB = `SELECT ${PATIENT_COLUMNS} FROM hospital_patients WHERE cccd IN (
    SELECT DISTINCT cccd FROM hospital_name_keys WHERE dob IN (@dob, @year) AND ${KEY_MATCH} LIMIT @limit)
  ORDER BY name_folded, dob`;

export const SQL_SEARCH_YEAR = `SELECT ${PATIENT_COLUMNS} FROM hospital_patients WHERE cccd IN (
    SELECT DISTINCT cccd FROM hospital_name_keys WHERE year = @year AND ${KEY_MATCH} LIMIT @limit)
  ORDER BY name_folded, dob`;

export interface NameSearch {
  /** The folded query (fold.ts foldName). */
  q: string;
  limit: number;
}

/** A full date also finds the records that know only the year of birth (a typed entry, an old card). */
export function sqlSearchByNameDob(r: ReadableDb, s: NameSearch & { dob: string }): PatientRow[] {
  return statement(r, SQL_SEARCH_DOB).all({ q: s.q, qEnd: s.q + TOP, limit: s.limit, dob: s.dob, year: s.dob.slice(0, 4) }) as PatientRow[];
}

export function sqlSearchByNameYear(r: ReadableDb, s: NameSearch & { year: string }): PatientRow[] {
  return statement(r, SQL_SEARCH_YEAR).all({ q: s.q, qEnd: s.q + TOP, limit: s.limit, year: s.year }) as PatientRow[];
}

/** The plans of the two searches and of the ID lookup (tests check that they seek, never scan). */
export function sqlPlanPatientQueries(r: ReadableDb): { byId: string[]; byDob: string[]; byYear: string[] } {
  const plan = (sql: string, params: object | string): string[] =>
    (statement(r, `EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((x) => x.detail);
  const q = { q: 'A', qEnd: 'A' + TOP, limit: 1 };
  return {
    byId: plan(GET_PATIENT, '000000000000'),
    byDob: plan(SQL_SEARCH_DOB, { ...q, dob: '2000-01-01', year: '2000' }),
    byYear: plan(SQL_SEARCH_YEAR, { ...q, year: '2000' }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Visits

export interface VisitRow {
  visitId: string;
  patientCccd: string | null;
  cccdLast4: string;
  department: string;
  day: string;
  queueNumber: number;
  queueLabel: string;
  operatorId: string;
  counter: string | null;
  identitySource: string;
  overrideSupervisor: string | null;
  overrideReason: string | null;
  insuranceStatus: string;
  insuranceJson: string | null;
  createdAt: string;
  createdMs: number;
  printed: string;
}

const VISIT_COLUMNS = `v.visit_id AS visitId, v.patient_cccd AS patientCccd, v.cccd_last4 AS cccdLast4, v.department,
  v.day, v.queue_number AS queueNumber, v.queue_label AS queueLabel, v.operator_id AS operatorId, v.counter,
  v.identity_source AS identitySource, v.override_supervisor AS overrideSupervisor, v.override_reason AS overrideReason,
  v.insurance_status AS insuranceStatus, v.insurance_json AS insuranceJson, v.created_at AS createdAt,
  v.created_ms AS createdMs, v.printed`;

/** The next number of (day, department): answered by the UNIQUE index's last entry. Run in the insert's transaction. */
export function sqlNextQueueNumber(w: WritableDb, day: string, department: string): number {
  const row = statement(w, `SELECT coalesce(max(queue_number), 0) + 1 AS n FROM hospital_visits WHERE day = ? AND department = ?`).get(day, department) as { n: number };
  return row.n;
}

export function sqlVisitExists(r: ReadableDb, visitId: string): boolean {
  return statement(r, `SELECT 1 AS x FROM hospital_visits WHERE visit_id = ?`).get(visitId) !== undefined;
}

export function sqlInsertVisit(w: WritableDb, row: VisitRow): void {
  statement(
    w,
    `INSERT INTO hospital_visits (visit_id, patient_cccd, cccd_last4, department, day, queue_number, queue_label, operator_id,
       counter, identity_source, override_supervisor, override_reason, insurance_status, insurance_json, created_at, created_ms, printed)
     VALUES (@visitId, @patientCccd, @cccdLast4, @department, @day, @queueNumber, @queueLabel, @operatorId,
       @counter, @identitySource, @overrideSupervisor, @overrideReason, @insuranceStatus, @insuranceJson, @createdAt, @createdMs, @printed)`,
  ).run(row);
}

export function sqlGetVisit(r: ReadableDb, visitId: string): VisitRow | undefined {
  return statement(r, `SELECT ${VISIT_COLUMNS} FROM hospital_visits v WHERE v.visit_id = ?`).get(visitId) as VisitRow | undefined;
}

export interface VisitListRow extends VisitRow {
  fullName: string | null;
  dateOfBirth: string | null;
}

/**
 * A day's visits, newest first, with the patient's name and date of birth (null once the record is gone).
 * Filters are optional (null = no filter): a department; a name (prefix / word patterns as in the search);
 * the last digits of the CCCD (up to 4 are matched on the kept last 4, so they find anonymised visits too).
 */
export function sqlListVisits(
  r: ReadableDb,
  q: { day: string; department: string | null; prefix: string | null; word: string | null; digits: string | null; limit: number },
): VisitListRow[] {
  return statement(
    r,
    `SELECT ${VISIT_COLUMNS}, p.full_name AS fullName, p.dob AS dateOfBirth
     FROM hospital_visits v LEFT JOIN hospital_patients p ON p.cccd = v.patient_cccd
     WHERE v.day = @day
       AND (@department IS NULL OR v.department = @department)
       AND (@prefix IS NULL OR p.name_folded LIKE @prefix ESCAPE '\\' OR (' ' || p.name_folded || ' ') LIKE @word ESCAPE '\\')
       AND (@digits IS NULL OR (length(@digits) <= 4 AND v.cccd_last4 LIKE '%' || @digits) OR p.cccd LIKE '%' || @digits)
     ORDER BY v.created_ms DESC, v.queue_number DESC LIMIT @limit`,
  ).all(q) as VisitListRow[];
}

export function sqlSetVisitInsurance(w: WritableDb, visitId: string, status: string, json: string): boolean {
  return statement(w, `UPDATE hospital_visits SET insurance_status = ?, insurance_json = ? WHERE visit_id = ? AND patient_cccd IS NOT NULL`).run(status, json, visitId).changes > 0;
}

export function sqlSetVisitPrinted(w: WritableDb, visitId: string, printed: string): boolean {
  return statement(w, `UPDATE hospital_visits SET printed = ? WHERE visit_id = ?`).run(printed, visitId).changes > 0;
}

/**
 * Strips a person's visits of what identifies them (deletion on request, retention): their pending lookups
 * go, their outbox rows lose the body (a pending one is cancelled), and the visits keep only the last 4
 * digits, department, queue number, times, operator and the insurance status. Returns the visits changed.
 */
export function sqlAnonymiseVisitsOf(w: WritableDb, cccd: string): number {
  const ofPerson = `SELECT visit_id FROM hospital_visits WHERE patient_cccd = ?`;
  statement(w, `DELETE FROM hospital_lookups WHERE visit_id IN (${ofPerson})`).run(cccd);
  statement(
    w,
    `UPDATE hospital_outbox SET body = '', state = CASE state WHEN 'pending' THEN 'cancelled' ELSE state END
     WHERE visit_id IN (${ofPerson})`,
  ).run(cccd);
  return statement(
    w,
    `UPDATE hospital_visits SET patient_cccd = NULL, insurance_json = NULL, override_reason = NULL, counter = NULL
     WHERE patient_cccd = ?`,
  ).run(cccd).changes;
}

// ---------------------------------------------------------------------------------------------------------
// Insurance lookup retries

export function sqlQueueLookup(w: WritableDb, visitId: string, nextAtMs: number, nowMs: number): void {
  statement(w, `INSERT INTO hospital_lookups (visit_id, next_at_ms, queued_ms) VALUES (?, ?, ?) ON CONFLICT (visit_id) DO NOTHING`).run(visitId, nextAtMs, nowMs);
}

export function sqlDueLookups(r: ReadableDb, nowMs: number, limit: number): { visitId: string; attempts: number }[] {
  return statement(
    r,
    `SELECT visit_id AS visitId, attempts FROM hospital_lookups WHERE next_at_ms <= ? ORDER BY next_at_ms, visit_id LIMIT ?`,
  ).all(nowMs, limit) as { visitId: string; attempts: number }[];
}

export function sqlLookupDone(w: WritableDb, visitId: string): void {
  statement(w, `DELETE FROM hospital_lookups WHERE visit_id = ?`).run(visitId);
}

export function sqlLookupFailed(w: WritableDb, visitId: string, nextAtMs: number, errorCode: string): void {
  statement(w, `UPDATE hospital_lookups SET attempts = attempts + 1, next_at_ms = ?, last_error = ? WHERE visit_id = ?`).run(nextAtMs, errorCode, visitId);
}

// ---------------------------------------------------------------------------------------------------------
// HIS outbox

export function sqlEnqueueOutbox(w: WritableDb, key: string, visitId: string, body: string, nowMs: number): boolean {
  return (
    statement(
      w,
      `INSERT OR IGNORE INTO hospital_outbox (key, visit_id, body, next_at_ms, created_ms) VALUES (?, ?, ?, ?, ?)`,
    ).run(key, visitId, body, nowMs, nowMs).changes > 0
  );
}

export function sqlDueOutbox(r: ReadableDb, nowMs: number, limit: number): { id: number; key: string; visitId: string; body: string; attempts: number }[] {
  return statement(
    r,
    `SELECT id, key, visit_id AS visitId, body, attempts FROM hospital_outbox
     WHERE state = 'pending' AND next_at_ms <= ? ORDER BY next_at_ms, id LIMIT ?`,
  ).all(nowMs, limit) as { id: number; key: string; visitId: string; body: string; attempts: number }[];
}

/** Delivered: the body (personal data, the HIS has it now) is dropped; the key stays so it is never sent again. */
export function sqlOutboxDelivered(w: WritableDb, id: number, nowMs: number): void {
  statement(w, `UPDATE hospital_outbox SET state = 'delivered', delivered_ms = ?, body = '' WHERE id = ? AND state = 'pending'`).run(nowMs, id);
}

export function sqlOutboxFailed(w: WritableDb, id: number, nextAtMs: number, errorCode: string): void {
  statement(w, `UPDATE hospital_outbox SET attempts = attempts + 1, next_at_ms = ?, last_error = ? WHERE id = ? AND state = 'pending'`).run(nextAtMs, errorCode, id);
}

export function sqlOutboxStatus(r: ReadableDb): { pending: number; delivered: number; oldestPendingMs: number | null } {
  return statement(
    r,
    `SELECT coalesce(sum(state = 'pending'), 0) AS pending, coalesce(sum(state = 'delivered'), 0) AS delivered,
       min(CASE WHEN state = 'pending' THEN created_ms END) AS oldestPendingMs
     FROM hospital_outbox`,
  ).get() as { pending: number; delivered: number; oldestPendingMs: number | null };
}
