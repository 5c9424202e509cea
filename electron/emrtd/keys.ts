/**
 * What counter staff have → chip access keys. BAC needs the MRZ information (9303-11 §9.7.2: document
 * number, date of birth, date of expiry, each with its check digit); PACE can use the CAN (9303-11 §9.7.3).
 * On a CCCD (shared/CCCD.md) the document number is the last 9 digits of the 12-digit ID number and the CAN
 * is its last 6 digits. Key material never goes into error messages or logs.
 */
import { ChipIdError } from './errors.js';
import { checkDigit, isCalendarDate, mrzInfo, parseMrz } from './mrz.js';
import type { QrIdentity } from './qr.js';

export type AccessKey =
  | { kind: 'mrz'; mrzInfo: string; source: 'mrz' | 'id+dates' | 'qr' }
  | { kind: 'can'; can: string; source: 'can' | 'id' };

export type DateInput = Date | string;

const keyInvalid = (detail: string): ChipIdError => new ChipIdError('KEY_INVALID', detail);

/** The 12-digit personal ID number; spaces, dots and dashes typed between groups are ignored. */
export function normaliseIdNumber(id12: string): string {
  const id = id12.replace(/[\s.-]/g, '');
  if (!/^[0-9]{12}$/.test(id)) throw keyInvalid('ID number must have exactly 12 digits');
  return id;
}

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/**
 * Staff-entered date → Date at 00:00 UTC of that calendar day. Strings: 'YYYY-MM-DD', 'dd/MM/yyyy',
 * 'dd-MM-yyyy', 'dd.MM.yyyy' (day and month may have one digit) and 'ddMMyyyy'. A Date that is exactly at
 * 00:00 UTC (what `new Date('1999-03-15')` gives) is read in UTC; any other Date (a date picker's local
 * midnight) is read in local time, so the day is right both in Vietnam (UTC+7) and in UTC−x zones.
 */
export function parseDateInput(input: DateInput, what = 'date'): Date {
  let y: number;
  let m: number;
  let d: number;
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) throw keyInvalid(`${what} is not a valid date`);
    const atUtcMidnight = t % 86_400_000 === 0;
    y = atUtcMidnight ? input.getUTCFullYear() : input.getFullYear();
    m = (atUtcMidnight ? input.getUTCMonth() : input.getMonth()) + 1;
    d = atUtcMidnight ? input.getUTCDate() : input.getDate();
  } else {
    const s = input.trim();
    let r: RegExpExecArray | null;
    if ((r = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
    else if ((r = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/.exec(s))) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
    else if ((r = /^([0-9]{2})([0-9]{2})([0-9]{4})$/.exec(s))) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
    else throw keyInvalid(`${what} must be dd/MM/yyyy, ddMMyyyy or yyyy-MM-dd`);
  }
  if (y < 1900 || y > 2199 || !isCalendarDate(y, m, d)) throw keyInvalid(`${what} is not a valid date`);
  return utc(y, m, d);
}

/** MRZ YYMMDD of a UTC date. */
export function toYymmdd(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return p(date.getUTCFullYear() % 100) + p(date.getUTCMonth() + 1) + p(date.getUTCDate());
}

/** BAC MRZ information from its three fields; `doeField` is a YYMMDD (or the unconfirmed '<<<<<<'). */
function bacInfo(documentNumber: string, dobField: string, doeField: string): string {
  return (
    documentNumber + checkDigit(documentNumber) + dobField + checkDigit(dobField) + doeField + checkDigit(doeField)
  );
}

/** BAC key from the 12-digit ID number (document number = last 9 digits), birth and expiry dates. */
export function cccdBacKey(id12: string, dob: DateInput, doe: DateInput): AccessKey {
  const id = normaliseIdNumber(id12);
  const birth = parseDateInput(dob, 'date of birth');
  const expiry = parseDateInput(doe, 'date of expiry');
  if (expiry.getTime() <= birth.getTime()) throw keyInvalid('date of expiry must be after the date of birth');
  return { kind: 'mrz', mrzInfo: bacInfo(id.slice(3), toYymmdd(birth), toYymmdd(expiry)), source: 'id+dates' };
}

/** The CAN of a CCCD: the last 6 digits of the ID number (the card prints no separate CAN). */
export function cccdCan(id12: string): AccessKey {
  return { kind: 'can', can: normaliseIdNumber(id12).slice(6), source: 'id' };
}

/** A CAN typed by staff: exactly 6 digits. */
export function canKey(can6: string): AccessKey {
  const can = can6.replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(can)) throw keyInvalid('CAN must have exactly 6 digits');
  return { kind: 'can', can, source: 'can' };
}

/** BAC key from a scanned or typed MRZ (any format); check digits are verified (MRZ_INVALID otherwise). */
export function mrzKey(mrzText: string): AccessKey {
  return { kind: 'mrz', mrzInfo: mrzInfo(parseMrz(mrzText)), source: 'mrz' };
}

/**
 * The 4th digit of a CCCD number encodes sex and century of birth (0/1: 1900s male/female, 2/3: 2000s, …)
 * and digits 5–6 the year of birth (Decree 137/2015 Art. 7). Lets the UI flag a mistyped ID or birth date
 * before spending BAC attempts on it.
 */
export function idMatchesBirthDate(id12: string, dob: DateInput): boolean {
  const id = normaliseIdNumber(id12);
  const code = Number(id[3]);
  const year = 1900 + Math.floor(code / 2) * 100 + Number(id.slice(4, 6));
  return parseDateInput(dob, 'date of birth').getUTCFullYear() === year;
}

// --- Expiry rules (shared/CCCD.md) ------------------------------------------------------------------------

export type IdLaw = '2014' | '2023' | 'auto';

/** The 2023 Identity Law applies to cards issued from this day. */
export const LAW_2023_FROM = utc(2024, 7, 1);
const MILESTONES: Record<'2014' | '2023', readonly number[]> = { '2014': [25, 40, 60], '2023': [14, 25, 40, 60] };
/** A card issued at this age or older has no expiry (2023 law; under 2014 there is no milestone after 60). */
export const NO_EXPIRY_FROM_AGE = 58;
/**
 * How the MRZ encodes "no expiry" is UNCONFIRMED (CCCD.md). Fillers are the 9303-3 convention for an absent
 * date; the key is tried last. Replace or extend once a lifetime card has been seen (log the field shape only).
 */
export const NO_EXPIRY_MRZ_GUESSES: readonly string[] = ['<<<<<<'];

/** One candidate expiry in the order to try: a milestone birthday, or "no expiry". */
export type ExpiryCandidate = { kind: 'date'; date: Date } | { kind: 'none' };

/**
 * A list of expiry dates that also says whether "no expiry" is a candidate (`noExpiry`), since that case
 * has no Date. `noExpiryFirst` is true when "no expiry" is the most likely answer.
 */
export type ExpiryDates = Date[] & { noExpiry: boolean; noExpiryFirst: boolean };

/** DOB + n years; a 29 February birthday falls on 28 February in common years (unconfirmed on real cards). */
function birthday(dob: Date, years: number): Date {
  const y = dob.getUTCFullYear() + years;
  const m = dob.getUTCMonth() + 1;
  let d = dob.getUTCDate();
  if (m === 2 && d === 29 && !isCalendarDate(y, 2, 29)) d = 28;
  return utc(y, m, d);
}

function lawFor(law: IdLaw, issue: Date | undefined): readonly number[] {
  if (law !== 'auto') return MILESTONES[law];
  if (issue === undefined) return MILESTONES['2023']; // includes every 2014 milestone
  return issue.getTime() >= LAW_2023_FROM.getTime() ? MILESTONES['2023'] : MILESTONES['2014'];
}

/**
 * Expiry candidates, most likely first, the neighbouring milestone second. Rules: renewal at the milestone
 * ages (25, 40, 60; the 2023 law adds 14); a card issued within 2 years before a milestone stays valid until
 * the next; issued at 58 or older → no expiry. The expiry is the milestone birthday itself.
 *
 * With an issue date the rule gives one answer; the neighbour is the other side of the 2-year rule. Without
 * one, `today` stands in: the next milestone after today, then the one after it (if today is inside the
 * 2-year window, the card may have been renewed early) or the previous one (an expired card).
 */
export function expiryPlan(dob: DateInput, issueDate?: DateInput, law: IdLaw = 'auto', today: Date = new Date()): ExpiryCandidate[] {
  const birth = parseDateInput(dob, 'date of birth');
  const issue = issueDate === undefined ? undefined : parseDateInput(issueDate, 'date of issue');
  if (issue !== undefined && issue.getTime() < birth.getTime()) throw keyInvalid('date of issue is before the date of birth');
  const ms = lawFor(law, issue);
  const at = (n: number): ExpiryCandidate => ({ kind: 'date', date: birthday(birth, n) });
  const none: ExpiryCandidate = { kind: 'none' };
  const ref = issue ?? utc(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate());
  const t = ref.getTime();
  const last = ms[ms.length - 1]!;
  const lastAt = birthday(birth, last).getTime();

  if (t >= birthday(birth, NO_EXPIRY_FROM_AGE).getTime()) {
    if (t >= lastAt) return issue !== undefined ? [none] : [none, at(last)];
    // 58–60: a card issued now has no expiry; an older card expires at 60.
    return issue !== undefined ? [none, at(last)] : [at(last), none];
  }
  const i = ms.findIndex((n) => birthday(birth, n).getTime() > t);
  const n = ms[i]!; // exists: t is before the 58th birthday, so before the last milestone
  const next: ExpiryCandidate = i + 1 < ms.length ? at(ms[i + 1]!) : none;
  const inWindow = t >= birthday(birth, n - 2).getTime();
  if (issue !== undefined) return inWindow ? [next, at(n)] : [at(n), next];
  if (inWindow) return [at(n), next];
  return i > 0 ? [at(n), at(ms[i - 1]!)] : [at(n)];
}

/** The dates of `expiryPlan`, with flags for the "no expiry" candidate. */
export function expiryCandidates(dob: DateInput, issueDate?: DateInput, law: IdLaw = 'auto', today: Date = new Date()): ExpiryDates {
  const plan = expiryPlan(dob, issueDate, law, today);
  const dates = plan.flatMap((c) => (c.kind === 'date' ? [c.date] : []));
  return Object.assign(dates, {
    noExpiry: plan.some((c) => c.kind === 'none'),
    noExpiryFirst: plan[0]?.kind === 'none',
  });
}

/** BAC keys to try, in order, when the expiry is unknown. "No expiry" expands to NO_EXPIRY_MRZ_GUESSES. */
export function bacKeyCandidates(
  id12: string,
  dob: DateInput,
  issueDate?: DateInput,
  law: IdLaw = 'auto',
  today: Date = new Date(),
  source: 'id+dates' | 'qr' = 'id+dates',
): AccessKey[] {
  const doc = normaliseIdNumber(id12).slice(3);
  const dobField = toYymmdd(parseDateInput(dob, 'date of birth'));
  const out: AccessKey[] = [];
  for (const c of expiryPlan(dob, issueDate, law, today)) {
    const fields = c.kind === 'date' ? [toYymmdd(c.date)] : NO_EXPIRY_MRZ_GUESSES;
    for (const f of fields) {
      const info = bacInfo(doc, dobField, f);
      if (!out.some((k) => k.kind === 'mrz' && k.mrzInfo === info)) out.push({ kind: 'mrz', mrzInfo: info, source });
    }
  }
  return out;
}

/**
 * Keys from a scanned front QR: the CAN (from the ID number) and BAC candidates (the 2021 QR carries the
 * date of issue, which pins the expiry). An unknown layout yields only the CAN.
 */
export function keysFromQr(qr: QrIdentity, today: Date = new Date()): { can: AccessKey; bac: AccessKey[] } {
  const can = cccdCan(qr.idNumber);
  if (qr.layout !== 'cccd-2021') return { can, bac: [] };
  return { can, bac: bacKeyCandidates(qr.idNumber, qr.dateOfBirth, qr.dateOfIssue, 'auto', today, 'qr') };
}
