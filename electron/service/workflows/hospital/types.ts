/**
 * The hospital workflow's domain types, shared by its parts: the registry (store/), the insurance gateway
 * adapter (bhyt/), tickets (ticket/), the FHIR hand-off and the HIS outbox (his/) and the desk that joins them
 * (desk.ts). Plain TypeScript, no I/O. Every value here may hold personal data: never log one.
 */

/** Operator roles, least to most: a supervisor may also override and set departments; an admin may do all. */
export type Role = 'reception' | 'supervisor' | 'admin';

export interface Department {
  /** e.g. 'K01': [A-Z0-9]{2,10}. */
  code: string;
  /** Vietnamese name, e.g. 'Khám Nội'. */
  name: string;
  /** Printed before the queue number, e.g. 'A' → 'A007'. [A-Z]{0,3}. */
  prefix: string;
  active: boolean;
}

/** Sex as the chip has it. */
export type Sex = 'M' | 'F' | 'X';

/** A patient as the registry keeps them (keyed by the 12-digit CCCD number). */
export interface Patient {
  cccd: string;
  /** The old 9-digit CMND from DG13, if the chip has one. */
  cmnd: string | null;
  fullName: string;
  /** ISO yyyy-mm-dd, or yyyy when only the year is known. */
  dateOfBirth: string;
  sex: Sex | null;
  address: string | null;
  phone: string | null;
  /** The 15-character BHYT card code, once the gateway has told it (or typed in). */
  insuranceCode: string | null;
  /** How the identity was established the last time it was written. */
  source: IdentitySource;
  createdAt: string;
  updatedAt: string;
}

/** 'chip': a verified read; 'chip-unverified': a read that failed verification (supervisor override only);
 *  'qr' and 'typed': no chip proof at all. Everything but 'chip' is shown as unverified wherever it appears. */
export type IdentitySource = 'chip' | 'chip-unverified' | 'qr' | 'typed';

/** The patient fields a read or a typed entry brings. */
export type PatientInput = Pick<Patient, 'cccd' | 'cmnd' | 'fullName' | 'dateOfBirth' | 'sex' | 'address'> &
  Partial<Pick<Patient, 'phone' | 'insuranceCode'>> & { source: IdentitySource };

/** One field a later read has differently from the registry: shown to the receptionist to confirm. */
export interface PatientDiff {
  field: 'cmnd' | 'fullName' | 'dateOfBirth' | 'sex' | 'address';
  stored: string | null;
  read: string | null;
}

/** What the insurance lookup concluded (COUNTERS.md: 000–004 insured, everything else shown with ghiChu). */
export type InsuranceStatus = 'insured' | 'not_insured' | 'mismatch' | 'expired' | 'unchecked' | 'error';

export interface InsuranceVisitSummary {
  /** Facility code (maCSKCB). */
  facility: string;
  /** ISO date-time of admission / discharge (from yyyyMMddHHmm). */
  admittedAt: string | null;
  dischargedAt: string | null;
  diagnosis: string | null;
}

export interface InsuranceResult {
  status: InsuranceStatus;
  /** The gateway's maKetQua ('000', '050', …), null when no answer came. */
  code: string | null;
  /** The gateway's ghiChu verbatim (Vietnamese), or our own explanation when there was no answer. */
  note: string | null;
  /** The BHYT card code to use (maTheMoi for 003/004, else maThe). */
  cardCode: string | null;
  /** ISO yyyy-mm-dd. */
  validFrom: string | null;
  validTo: string | null;
  /** Registered primary-care facility (maDKBD). */
  primaryFacility: string | null;
  /** The last visits the gateway reported (newest first, at most 5) and how many there were. */
  history: InsuranceVisitSummary[];
  historyCount: number;
  /** When the answer came (ISO), or when the lookup was queued. */
  checkedAt: string;
}

/** The operator doing a lookup or a check-in (the gateway asks for name and CCCD since 2024). */
export interface OperatorRef {
  id: string;
  name: string;
  cccd: string;
  role: Role;
}

export interface Visit {
  /** MA_LK-style code: 'LK' + yymmdd + '-' + 6 characters of Crockford base32, e.g. 'LK261203-7QF3KD'. */
  visitId: string;
  patientCccd: string;
  department: string;
  /** Per department per day, from 1. */
  queueNumber: number;
  /** prefix + the number padded to 3, e.g. 'A007'. */
  queueLabel: string;
  /** The local day the queue number belongs to, yyyy-mm-dd. */
  day: string;
  operatorId: string;
  counter: string | null;
  identitySource: IdentitySource;
  /** Set when a supervisor let an unverified identity through: who, and the reason they gave. */
  override: { supervisorId: string; reason: string } | null;
  insurance: InsuranceResult;
  createdAt: string;
  /** Ticket printing: last outcome. */
  printed: 'no' | 'yes' | 'failed';
}
