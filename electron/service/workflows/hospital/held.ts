/**
 * The reads a counter holds for its check-in: the identity as the chip gave it and the verdict, in memory
 * only (never written until a check-in records the patient), for at most HOLD_MS, replaced by the counter's
 * next read and dropped once checked in. The check-in uses this, never an identity sent by a front end.
 */
import type { FinishedRead } from '../types.js';
import type { IdentitySource, InsuranceResult, PatientInput, Sex } from './types.js';

/** A read waits this long for its check-in (a receptionist's conversation, not a day). */
export const HOLD_MS = 15 * 60_000;

export interface Held {
  readerId: string;
  verdict: string;
  source: IdentitySource;
  input: PatientInput;
  readAt: number;
  insurance: InsuranceResult;
  /** Whether the read's lookup should be retried later (the gateway was not reached). */
  retry?: boolean;
  /** The lookup started at read time, while it runs. */
  lookup?: Promise<void>;
  /** Set once checked in: a later insurance answer goes to this visit. */
  visitId?: string;
}

/** The patient fields of a read; undefined when it has no 12-digit ID number or no name/date of birth. */
export function patientFromRead(read: FinishedRead): PatientInput | undefined {
  const id = read.output.identity;
  if (!id.idNumber || !/^[0-9]{12}$/.test(id.idNumber) || !id.fullName || !id.dateOfBirth) return undefined;
  const sex: Sex | null = id.sex === 'M' || id.sex === 'F' || id.sex === 'X' ? id.sex : null;
  return {
    cccd: id.idNumber,
    cmnd: id.oldIdNumber && /^[0-9]{9}$/.test(id.oldIdNumber) ? id.oldIdNumber : null,
    fullName: id.fullName,
    dateOfBirth: id.dateOfBirth,
    sex,
    address: id.placeOfResidence ?? null,
    source: read.output.verdict === 'verified' ? 'chip' : 'chip-unverified',
  };
}

export class HeldReads {
  private readonly byReader = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  put(h: Held): void {
    this.byReader.set(h.readerId, h);
  }

  /** The counter's read waiting for a check-in (expired ones are dropped). */
  get(readerId: string): Held | undefined {
    const h = this.byReader.get(readerId);
    if (h && (this.now() - h.readAt > HOLD_MS || h.visitId !== undefined)) {
      if (h.lookup === undefined) this.byReader.delete(readerId);
      return undefined;
    }
    return h;
  }

  /** The held read of a reader even when checked in (for a late insurance answer). */
  raw(readerId: string): Held | undefined {
    return this.byReader.get(readerId);
  }

  drop(readerId: string, h: Held): void {
    if (this.byReader.get(readerId) === h) this.byReader.delete(readerId);
  }
}
