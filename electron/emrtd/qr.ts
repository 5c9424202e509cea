/**
 * The printed QR code of the CCCD (shared/CCCD.md § QR code). The 2021 card's front QR is
 * `ID12|oldID9|Full Name|ddMMyyyy|Nam/Nữ|address|ddMMyyyy` (7 fields, old ID may be empty). The 2024 card's
 * layout is unconfirmed: any '|'-separated text whose first field is a 12-digit ID is accepted as 'unknown'
 * with just that ID. The QR is printed, not signed, so everything here is unverified until the chip confirms it.
 */
import { ChipIdError } from './errors.js';
import { isCalendarDate } from './mrz.js';

export type QrIdentity =
  | {
      layout: 'cccd-2021';
      idNumber: string;
      oldIdNumber?: string;
      fullName: string;
      /** ISO yyyy-mm-dd */
      dateOfBirth: string;
      sex: 'M' | 'F';
      placeOfResidence: string;
      /** ISO yyyy-mm-dd */
      dateOfIssue: string;
      verified: false;
    }
  | {
      layout: 'unknown';
      idNumber: string;
      /** How many '|'-separated fields the text had. */
      fieldCount: number;
      /** Why it is not the 2021 layout (no personal data). */
      reason: string;
      verified: false;
    };

/** Longer input is not a CCCD QR (the 2021 one is well under 300 characters); refuse rather than parse. */
export const QR_MAX_LENGTH = 2000;

const unknownLayout = (detail: string): ChipIdError => new ChipIdError('QR_UNKNOWN_LAYOUT', detail);

/** Collapses runs of white space (scanners typing into a field sometimes double spaces). */
const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** ddMMyyyy → ISO, or undefined when it is not a calendar date. */
function qrDate(s: string): string | undefined {
  const m = /^([0-9]{2})([0-9]{2})([0-9]{4})$/.exec(s);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || !isCalendarDate(y, mo, d)) return undefined;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function qrSex(s: string): 'M' | 'F' | undefined {
  const v = s.toLocaleLowerCase('vi');
  if (v === 'nam') return 'M';
  if (v === 'nữ' || v === 'nu') return 'F';
  return undefined;
}

/** Checks the 7 fields against the 2021 layout; returns the reason it does not fit, or the identity. */
function parse2021(f: string[]): QrIdentity | string {
  const [id, oldId, name, dob, sex, address, issue] = f as [string, string, string, string, string, string, string];
  if (oldId !== '' && !/^([0-9]{9}|[0-9]{12})$/.test(oldId)) return 'field 2 (old ID) is not empty, 9 or 12 digits';
  if (name === '' || /[0-9|]/.test(name)) return 'field 3 (name) is empty or contains digits';
  const dateOfBirth = qrDate(dob);
  if (dateOfBirth === undefined) return 'field 4 (date of birth) is not ddMMyyyy';
  const s = qrSex(sex);
  if (s === undefined) return 'field 5 (sex) is not Nam/Nữ';
  if (address === '') return 'field 6 (residence) is empty';
  const dateOfIssue = qrDate(issue);
  if (dateOfIssue === undefined) return 'field 7 (date of issue) is not ddMMyyyy';
  if (dateOfIssue < dateOfBirth) return 'field 7 (date of issue) is before the date of birth';
  return {
    layout: 'cccd-2021',
    idNumber: id,
    ...(oldId !== '' ? { oldIdNumber: oldId } : {}),
    fullName: name,
    dateOfBirth,
    sex: s,
    placeOfResidence: address,
    dateOfIssue,
    verified: false,
  };
}

/**
 * Parses the text a QR scanner produced. Returns the 2021 layout when all 7 fields fit it, an 'unknown'
 * layout with the ID number when only the first field is recognisable (e.g. the 2024 card, or a 6-field
 * text that must not be guessed at), and throws QR_UNKNOWN_LAYOUT when no 12-digit ID leads the text.
 */
export function parseCccdQr(text: string): QrIdentity {
  if (text.length > QR_MAX_LENGTH) throw unknownLayout(`QR text longer than ${QR_MAX_LENGTH} characters`);
  const fields = text.normalize('NFC').replace(/^\uFEFF/, '').split('|').map(clean);
  // A trailing '|' (some encoders) adds an empty last field; it is not a field of the layout.
  if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  const id = fields[0] ?? '';
  if (!/^[0-9]{12}$/.test(id)) throw unknownLayout('first QR field is not a 12-digit ID number');
  if (fields.length !== 7) {
    return { layout: 'unknown', idNumber: id, fieldCount: fields.length, reason: `${fields.length} fields, the 2021 layout has 7`, verified: false };
  }
  const r = parse2021(fields);
  if (typeof r === 'string') return { layout: 'unknown', idNumber: id, fieldCount: 7, reason: r, verified: false };
  return r;
}
