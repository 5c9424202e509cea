/**
 * Machine Readable Zone (ICAO Doc 9303 parts 3–5): check digits, TD1/TD2/TD3 parsing, the BAC key seed
 * input and century windowing. Pure: strings in, plain objects out. Errors never quote the MRZ itself.
 */
import { ChipIdError } from './errors.js';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';
export type MrzSex = 'M' | 'F' | 'X' | '<';

export interface Mrz {
  format: MrzFormat;
  /** Document code without trailing fillers: 'P', 'I', 'ID', 'AC', … */
  documentCode: string;
  /** Issuing state or organisation without trailing fillers ('D' for Germany). */
  issuingState: string;
  /** Full document number without fillers, including TD1/TD2 numbers continued in the optional data. */
  documentNumber: string;
  documentNumberCheckDigit: string;
  /** YYMMDD as printed ('<' allowed for unknown parts, 9303-3 §4.7). */
  dateOfBirth: string;
  dateOfBirthCheckDigit: string;
  sex: MrzSex;
  dateOfExpiry: string;
  dateOfExpiryCheckDigit: string;
  nationality: string;
  /**
   * TD1 line 1 optional data, TD2 optional data, TD3 personal number — trailing fillers removed. For a long
   * TD1/TD2 document number, the part after the continuation and its check digit.
   */
  optionalData1: string;
  /** TD1 line 2 optional data (positions 19–29). */
  optionalData2?: string;
  /** TD3 personal-number check digit ('<' when the field is unused). */
  optionalDataCheckDigit?: string;
  compositeCheckDigit: string;
  /** Surname(s), fillers turned into spaces. */
  primaryIdentifier: string;
  /** Given name(s), fillers turned into spaces. */
  secondaryIdentifier: string;
  /** CCCD (TD1, issuing state VNM): the 12-digit personal ID number in line 1's optional data, when valid. */
  cccdIdNumber?: string;
  /** The normalised lines (upper case, no white space). */
  lines: string[];
}

/** Line count and length per format (9303-5 §4.2, 9303-6 §4.2, 9303-4 §4.2). */
export const MRZ_SHAPES: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

const MRZ_CHARS = /^[A-Z0-9<]*$/;

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A=10 … Z=35
  if (c === '<') return 0;
  throw new ChipIdError('MRZ_INVALID', 'check digit input contains a character outside A-Z, 0-9, <');
}

/** 9303-3 §4.9: weights 7,3,1 repeating; digits as themselves, A–Z as 10–35, '<' as 0; sum mod 10. */
export function checkDigit(s: string): number {
  const weights = [7, 3, 1] as const;
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += charValue(s[i]!) * weights[i % 3]!;
  return sum % 10;
}

/** Throws MRZ_INVALID naming the check (never the data) unless `digit` is the check digit of `data`. */
function verify(data: string, digit: string, what: string): void {
  if (!/^[0-9]$/.test(digit) || checkDigit(data) !== Number(digit)) {
    throw new ChipIdError('MRZ_INVALID', `${what} check digit mismatch`);
  }
}

const stripFillers = (s: string): string => s.replace(/<+$/, '');
const nameText = (s: string): string => s.replace(/<+/g, ' ').trim();

/** Splits the name field at the first '<<' (9303-3 §4.6): primary then secondary identifier. */
function splitName(field: string): { primaryIdentifier: string; secondaryIdentifier: string } {
  const i = field.indexOf('<<');
  if (i < 0) return { primaryIdentifier: nameText(field), secondaryIdentifier: '' };
  return { primaryIdentifier: nameText(field.slice(0, i)), secondaryIdentifier: nameText(field.slice(i + 2)) };
}

/** Upper-cases, drops white space inside lines and empty lines, and picks the format from the shape. */
function normalise(text: string): { format: MrzFormat; lines: string[] } {
  const rawLines = text
    .toUpperCase()
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ''))
    .filter((l) => l.length > 0);
  const formats: MrzFormat[] = ['TD1', 'TD2', 'TD3'];
  if (rawLines.length === 1) {
    const all = rawLines[0]!;
    for (const f of formats) {
      const { lines, length } = MRZ_SHAPES[f];
      if (all.length === lines * length) {
        const out: string[] = [];
        for (let i = 0; i < lines; i++) out.push(all.slice(i * length, (i + 1) * length));
        return { format: f, lines: out };
      }
    }
    throw new ChipIdError('MRZ_INVALID', `MRZ length ${all.length} matches no format (TD1 90, TD2 72, TD3 88)`);
  }
  for (const f of formats) {
    const { lines, length } = MRZ_SHAPES[f];
    if (rawLines.length === lines && rawLines.every((l) => l.length === length)) return { format: f, lines: rawLines };
  }
  const shape = rawLines.map((l) => l.length).join('+');
  throw new ChipIdError('MRZ_INVALID', `MRZ shape ${rawLines.length} lines (${shape}) matches no format (3x30, 2x36, 2x44)`);
}

/**
 * Long document numbers (9303-5 §4.2.2 note j for TD1, 9303-6 §4.2.2 for TD2): when the number has more
 * than 9 characters, the document-number check-digit position holds '<', and the optional data starts with
 * the remaining characters immediately followed by the check digit, then a '<'.
 *
 * Decision on the ambiguity noted in vectors/README.md: the check digit is computed over the FULL document
 * number WITHOUT the filler in position 15 (TD1) / 10 (TD2). This is how 9303-11 App D.2 forms the BAC
 * input (`D23145890734` + `9`); one public library includes the filler instead, and such MRZs are rejected
 * here ("document number check digit mismatch") rather than accepted under two rules, which would double
 * the chance that a mistyped MRZ passes.
 */
function documentNumberOf(
  field9: string,
  cd: string,
  optional: string,
): { documentNumber: string; checkDigit: string; rest: string } {
  if (cd !== '<') {
    verify(field9, cd, 'document number');
    return { documentNumber: stripFillers(field9), checkDigit: cd, rest: optional };
  }
  const end = optional.indexOf('<');
  const run = end < 0 ? optional : optional.slice(0, end);
  if (run.length < 2) throw new ChipIdError('MRZ_INVALID', 'document number check digit missing (no continuation in optional data)');
  const documentNumber = field9 + run.slice(0, -1);
  const digit = run.slice(-1);
  verify(documentNumber, digit, 'document number');
  return { documentNumber, checkDigit: digit, rest: end < 0 ? '' : optional.slice(end + 1) };
}

function parseSex(c: string): MrzSex {
  if (c === 'M' || c === 'F' || c === 'X' || c === '<') return c;
  throw new ChipIdError('MRZ_INVALID', 'sex field is not M, F, X or <');
}

/**
 * CCCD layout (see shared/CCCD.md): line 1 optional data = the 12-digit ID number (positions 16–27), fillers,
 * then the ID number's own check digit (position 30). Returned only when that check digit is valid.
 */
function cccdIdFrom(optionalField: string): string | undefined {
  const m = /^([0-9]{12})<+([0-9])<*$/.exec(optionalField);
  if (!m) return undefined;
  const id = m[1]!;
  return checkDigit(id) === Number(m[2]) ? id : undefined;
}

/** Parses and fully validates a TD1, TD2 or TD3 MRZ. Throws ChipIdError('MRZ_INVALID') naming the failed check. */
export function parseMrz(text: string): Mrz {
  const { format, lines } = normalise(text);
  const l1 = lines[0]!;
  const l2 = lines[1]!;
  let mrz: Mrz;
  if (format === 'TD1') {
    // 9303-5 §4.2.2
    const l3 = lines[2]!;
    const optional1Field = l1.slice(15, 30);
    const doc = documentNumberOf(l1.slice(5, 14), l1[14]!, optional1Field);
    verify(l2.slice(0, 6), l2[6]!, 'date of birth');
    verify(l2.slice(8, 14), l2[14]!, 'date of expiry');
    verify(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]!, 'composite');
    mrz = {
      format,
      documentCode: stripFillers(l1.slice(0, 2)),
      issuingState: stripFillers(l1.slice(2, 5)),
      documentNumber: doc.documentNumber,
      documentNumberCheckDigit: doc.checkDigit,
      dateOfBirth: l2.slice(0, 6),
      dateOfBirthCheckDigit: l2[6]!,
      sex: parseSex(l2[7]!),
      dateOfExpiry: l2.slice(8, 14),
      dateOfExpiryCheckDigit: l2[14]!,
      nationality: stripFillers(l2.slice(15, 18)),
      optionalData1: stripFillers(doc.rest),
      optionalData2: stripFillers(l2.slice(18, 29)),
      compositeCheckDigit: l2[29]!,
      ...splitName(l3),
      lines,
    };
    if (mrz.issuingState === 'VNM' && l1[14] !== '<') {
      const id = cccdIdFrom(optional1Field);
      if (id !== undefined) mrz.cccdIdNumber = id;
    }
  } else if (format === 'TD2') {
    // 9303-6 §4.2.2
    const doc = documentNumberOf(l2.slice(0, 9), l2[9]!, l2.slice(28, 35));
    verify(l2.slice(13, 19), l2[19]!, 'date of birth');
    verify(l2.slice(21, 27), l2[27]!, 'date of expiry');
    verify(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35), l2[35]!, 'composite');
    mrz = {
      format,
      documentCode: stripFillers(l1.slice(0, 2)),
      issuingState: stripFillers(l1.slice(2, 5)),
      documentNumber: doc.documentNumber,
      documentNumberCheckDigit: doc.checkDigit,
      dateOfBirth: l2.slice(13, 19),
      dateOfBirthCheckDigit: l2[19]!,
      sex: parseSex(l2[20]!),
      dateOfExpiry: l2.slice(21, 27),
      dateOfExpiryCheckDigit: l2[27]!,
      nationality: stripFillers(l2.slice(10, 13)),
      optionalData1: stripFillers(doc.rest),
      compositeCheckDigit: l2[35]!,
      ...splitName(l1.slice(5, 36)),
      lines,
    };
  } else {
    // 9303-4 §4.2.2: TD3 has no long-number provision, so '<' in position 10 is a failed check.
    const field = l2.slice(0, 9);
    verify(field, l2[9]!, 'document number');
    verify(l2.slice(13, 19), l2[19]!, 'date of birth');
    verify(l2.slice(21, 27), l2[27]!, 'date of expiry');
    const personal = l2.slice(28, 42);
    const personalCd = l2[42]!;
    // An unused personal-number field may carry '<' (or 0) as its check digit (9303-4 §4.2.2, note).
    if (!(personalCd === '<' && /^<*$/.test(personal))) verify(personal, personalCd, 'optional data');
    verify(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), l2[43]!, 'composite');
    mrz = {
      format,
      documentCode: stripFillers(l1.slice(0, 2)),
      issuingState: stripFillers(l1.slice(2, 5)),
      documentNumber: stripFillers(field),
      documentNumberCheckDigit: l2[9]!,
      dateOfBirth: l2.slice(13, 19),
      dateOfBirthCheckDigit: l2[19]!,
      sex: parseSex(l2[20]!),
      dateOfExpiry: l2.slice(21, 27),
      dateOfExpiryCheckDigit: l2[27]!,
      nationality: stripFillers(l2.slice(10, 13)),
      optionalData1: stripFillers(personal),
      optionalDataCheckDigit: personalCd,
      compositeCheckDigit: l2[43]!,
      ...splitName(l1.slice(5, 44)),
      lines,
    };
  }
  // Character set last, so a corrupted check digit is reported as such (9303-3 §4.3).
  lines.forEach((l, i) => {
    if (!MRZ_CHARS.test(l)) throw new ChipIdError('MRZ_INVALID', `line ${i + 1} contains a character outside A-Z, 0-9, <`);
  });
  if (!/^[A-Z]/.test(l1)) throw new ChipIdError('MRZ_INVALID', 'document code must start with a letter');
  return mrz;
}

/**
 * The BAC key seed input (9303-11 §9.7.2, App D.2): document number + check digit + date of birth + check
 * digit + date of expiry + check digit. Numbers shorter than 9 characters keep their '<' padding to 9
 * (`L898902C<3…`); long TD1/TD2 numbers are used in full.
 */
export function mrzInfo(mrz: Mrz): string {
  const num = mrz.documentNumber.length < 9 ? mrz.documentNumber.padEnd(9, '<') : mrz.documentNumber;
  return (
    num +
    mrz.documentNumberCheckDigit +
    mrz.dateOfBirth +
    mrz.dateOfBirthCheckDigit +
    mrz.dateOfExpiry +
    mrz.dateOfExpiryCheckDigit
  );
}

/** Checks y-m-d is a real calendar date. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * Century windowing for an MRZ YYMMDD date → 'YYYY-MM-DD'. Birth dates are placed so they are not after
 * `today`; expiry dates so they are at most 50 years after `today`. Dates compare in UTC.
 * Throws MRZ_INVALID when the field is not a calendar date (e.g. '<' fillers).
 */
export function toIsoDate(yymmdd: string, kind: 'birth' | 'expiry', today: Date = new Date()): string {
  const m = /^([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(yymmdd);
  if (!m) throw new ChipIdError('MRZ_INVALID', `date of ${kind} is not YYMMDD`);
  const yy = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ty = today.getUTCFullYear();
  const todayIso = iso(ty, today.getUTCMonth() + 1, today.getUTCDate());
  const limit = kind === 'birth' ? todayIso : iso(ty + 50, today.getUTCMonth() + 1, today.getUTCDate());
  // Start in the century of the limit and step back until the date is not beyond it.
  let year = Math.floor((kind === 'birth' ? ty : ty + 50) / 100) * 100 + yy;
  if (iso(year, mo, d) > limit) year -= 100;
  if (!isCalendarDate(year, mo, d)) throw new ChipIdError('MRZ_INVALID', `date of ${kind} is not a calendar date`);
  return iso(year, mo, d);
}
