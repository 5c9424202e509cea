/**
 * DG13 of Vietnam's CCCD (ICAO 9303-10 §4.7.13 leaves DG13 to the issuer; layout in shared/CCCD.md):
 *   6D { 30 { 02 version, 06 1.0.10646.1.0.8, 31 SET OF 30 { 02 fieldNo, value } } }
 * Fields are matched by number, never by position. Unknown numbers are kept in `other`, never fatal.
 * Text is UTF-8 normalised to NFC; dates dd/MM/yyyy become ISO (yyyy-MM-dd, or yyyy-MM / yyyy when partial).
 */
import { bytesToAscii, toHex, utf8Decode, utf8Encode } from '../bytes.js';
import { ChipIdError, ParseError } from '../errors.js';
import { expectTlv, readTlv, readTlvs, tlv, type Tlv } from '../tlv.js';
import { decodeOid, derInteger, derSmallInt, encodeOidValue } from './der.js';

const WHERE = 'DG13';
export const DG13_TAG = 0x6d;
export const DG13_OID = '1.0.10646.1.0.8';
export const MAX_DG13_FIELDS = 64;

const T_INTEGER = 0x02;
const T_OCTET = 0x04;
const T_OID = 0x06;
const T_UTF8 = 0x0c;
const T_SEQ = 0x30;
const T_SET = 0x31;
const T_PRINTABLE = 0x13;
const T_IA5 = 0x16;
const T_VISIBLE = 0x1a;
const T_BMP = 0x1e;
const TEXT_TAGS = new Set([T_UTF8, T_PRINTABLE, T_IA5, T_VISIBLE, T_OCTET, T_BMP]);

export interface Dg13Field {
  fieldNo: number;
  /** The whole SEQUENCE { INTEGER, value } as it came off the chip. */
  raw: Uint8Array;
  /** Text values: one for plain fields, several for 13 (father, mother) and 14 (spouse). */
  texts: string[];
  /** Set when a value was not text (an OCTET STRING that is not UTF-8, or another type): upper-case hex. */
  hex?: string;
}

export interface Dg13Other {
  fieldNo: number;
  value: string;
  kind: 'text' | 'hex';
}

export interface Dg13Identity {
  idNumber: string | null;
  fullName: string | null;
  /** ISO yyyy-MM-dd (or yyyy-MM / yyyy when the card gives only part of the date). */
  dateOfBirth: string | null;
  sex: 'M' | 'F' | null;
  nationality: string | null;
  ethnicity: string | null;
  religion: string | null;
  placeOfOrigin: string | null;
  placeOfResidence: string | null;
  identifyingMarks: string | null;
  dateOfIssue: string | null;
  /** ISO date, or null when absent or not a date (then see dateOfExpiryText / noExpiry). */
  dateOfExpiry: string | null;
  dateOfExpiryText: string | null;
  /** True when field 12 says the card never expires ("Không thời hạn"). */
  noExpiry: boolean;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldIdNumber: string | null;
  cardSerial: string | null;
}

export interface Dg13 {
  raw: Uint8Array;
  version: number;
  oid: string;
  fields: Record<number, Dg13Field>;
  identity: Dg13Identity;
  /** Fields whose number is not 1–16. */
  other: Dg13Other[];
}

/** Decodes a text-ish value; undefined when it is not text (caller keeps hex). */
function decodeText(t: Tlv): string | undefined {
  try {
    if (t.tag === T_BMP) {
      if (t.value.length % 2) return undefined;
      let s = '';
      for (let i = 0; i < t.value.length; i += 2) s += String.fromCharCode((t.value[i]! << 8) | t.value[i + 1]!);
      return s.normalize('NFC');
    }
    if (t.tag === T_PRINTABLE || t.tag === T_IA5 || t.tag === T_VISIBLE) {
      if (t.value.some((c) => c > 0x7f)) return utf8Decode(t.value).normalize('NFC'); // seen: UTF-8 inside PrintableString
      return bytesToAscii(t.value);
    }
    return utf8Decode(t.value).normalize('NFC');
  } catch {
    return undefined;
  }
}

/** How many values a known field may hold (13: father, mother; 14: spouse; others: one). */
const MAX_VALUES: Record<number, number> = { 13: 2, 14: 1 };

function parseField(set: Uint8Array, offset: number, where: string): [Dg13Field, number] {
  const t = readTlv(set, offset, where);
  if (t.tag !== T_SEQ) throw new ParseError(where, `expected SEQUENCE, found tag ${t.tag.toString(16).toUpperCase()}`);
  const noTlv = readTlv(t.value, 0, where);
  if (noTlv.tag !== T_INTEGER) throw new ParseError(where, 'field number (INTEGER) missing');
  const fieldNo = derSmallInt(noTlv, where);
  const fw = `${WHERE}(field ${fieldNo})`;
  const field: Dg13Field = { fieldNo, raw: set.subarray(offset, t.end), texts: [] };
  // Values: directly after the number, or nested in one SEQUENCE (fields 13/14); empty SEQUENCE = no value.
  let values = readTlvs(t.value.subarray(noTlv.end), fw);
  if (values.length === 1 && values[0]!.tag === T_SEQ) values = readTlvs(values[0]!.value, fw);
  const known = fieldNo >= 1 && fieldNo <= 16;
  const max = known ? (MAX_VALUES[fieldNo] ?? 1) : 8;
  if (values.length > max) throw new ParseError(fw, `${values.length} values where at most ${max} are allowed (trailing data?)`);
  for (const v of values) {
    const text = TEXT_TAGS.has(v.tag) ? decodeText(v) : undefined;
    if (text !== undefined) field.texts.push(text);
    else if (known && fieldNo !== 16) throw new ParseError(fw, `value with tag ${v.tag.toString(16).toUpperCase()} is not text`);
    else field.hex = (field.hex ?? '') + toHex(v.value);
  }
  return [field, t.end];
}

/** dd/MM/yyyy → yyyy-MM-dd; 00 for unknown day/month gives yyyy-MM / yyyy; also accepts yyyy or MM/yyyy. */
export function vnDateToIso(s: string): string | null {
  const m = /^\s*(?:(\d{1,2})\/)?(?:(\d{1,2})\/)?(\d{4})\s*$/.exec(s);
  if (!m) return null;
  const [, first, second, y] = m;
  const [d, mo] = second === undefined ? [undefined, first] : [first, second]; // MM/yyyy has one part
  const day = d === undefined ? 0 : Number(d);
  const month = mo === undefined ? 0 : Number(mo);
  if (month > 12 || day > 31 || (month === 0 && day !== 0)) return null;
  if (month === 0) return y!;
  const mm = String(month).padStart(2, '0');
  if (day === 0) return `${y}-${mm}`;
  const dt = new Date(Date.UTC(Number(y), month - 1, day));
  if (dt.getUTCMonth() !== month - 1) return null; // 31/02
  return `${y}-${mm}-${String(day).padStart(2, '0')}`;
}

const LIFETIME = /kh[oô]ng\s*th[oờ]i\s*h[aạ]n/i;

function identityOf(fields: Record<number, Dg13Field>): Dg13Identity {
  const text = (n: number, i = 0): string | null => {
    const t = fields[n]?.texts[i];
    return t === undefined || t.trim() === '' ? null : t.trim();
  };
  const date = (n: number): string | null => {
    const t = text(n);
    return t === null ? null : vnDateToIso(t);
  };
  const sexText = text(4)?.toLowerCase() ?? null;
  const expiryText = text(12);
  const expiryIso = expiryText === null ? null : vnDateToIso(expiryText);
  return {
    idNumber: text(1),
    fullName: text(2),
    dateOfBirth: date(3),
    sex: sexText === 'nam' ? 'M' : sexText === 'nữ' || sexText === 'nu' ? 'F' : null,
    nationality: text(5),
    ethnicity: text(6),
    religion: text(7),
    placeOfOrigin: text(8),
    placeOfResidence: text(9),
    identifyingMarks: text(10),
    dateOfIssue: date(11),
    dateOfExpiry: expiryIso,
    dateOfExpiryText: expiryText,
    noExpiry: expiryIso === null && expiryText !== null && LIFETIME.test(expiryText),
    fatherName: text(13, 0),
    motherName: text(13, 1),
    spouseName: text(14, 0),
    oldIdNumber: text(15),
    cardSerial: text(16) ?? (fields[16]?.hex ?? null),
  };
}

export function parseDg13(bytes: Uint8Array): Dg13 {
  const outer = expectTlv(bytes, DG13_TAG, WHERE);
  if (outer.end !== bytes.length) throw new ParseError(WHERE, `${bytes.length - outer.end} trailing bytes after the template`);
  const seq = expectTlv(outer.value, T_SEQ, WHERE);
  if (seq.end !== outer.value.length) throw new ParseError(WHERE, 'trailing bytes after the SEQUENCE');
  const parts = readTlvs(seq.value, WHERE);
  const [verTlv, oidTlv, setTlv] = parts;
  if (!verTlv || verTlv.tag !== T_INTEGER) throw new ParseError(`${WHERE}(version)`, 'INTEGER expected');
  if (!oidTlv || oidTlv.tag !== T_OID) throw new ParseError(`${WHERE}(oid)`, 'OBJECT IDENTIFIER expected');
  if (!setTlv || (setTlv.tag !== T_SET && setTlv.tag !== T_SEQ)) throw new ParseError(`${WHERE}(fields)`, 'SET OF expected');
  if (parts.length > 3) throw new ParseError(WHERE, 'unexpected elements after the field set');
  const version = derSmallInt(verTlv, `${WHERE}(version)`);
  const oid = decodeOid(oidTlv.value, `${WHERE}(oid)`);
  const fields: Record<number, Dg13Field> = {};
  const other: Dg13Other[] = [];
  let offset = 0;
  let count = 0;
  const set = setTlv.value;
  while (offset < set.length) {
    if (++count > MAX_DG13_FIELDS) throw new ChipIdError('LIMIT_EXCEEDED', `${WHERE}: more than ${MAX_DG13_FIELDS} fields`);
    const [f, next] = parseField(set, offset, `${WHERE}(field #${count})`);
    offset = next;
    if (f.fieldNo >= 1 && f.fieldNo <= 16) {
      if (fields[f.fieldNo]) throw new ParseError(`${WHERE}(field ${f.fieldNo})`, 'appears twice');
      fields[f.fieldNo] = f;
    } else {
      fields[f.fieldNo] ??= f;
      const kind = f.hex !== undefined ? 'hex' : 'text';
      other.push({ fieldNo: f.fieldNo, kind, value: kind === 'hex' ? f.hex! : f.texts.join(' | ') });
    }
  }
  return { raw: bytes, version, oid, fields, identity: identityOf(fields), other };
}

// ---- builder (virtual card personalisation) ----

export type Dg13IdentityInput = Partial<Omit<Dg13Identity, 'dateOfExpiryText'>> & { idNumber: string; fullName: string };

export interface Dg13ExtraField {
  fieldNo: number;
  value: string;
  /** ASN.1 string tag; UTF8String by default. */
  tag?: number;
}

function isoToVn(iso: string, what: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso);
  if (!m) throw new RangeError(`buildDg13: ${what} "${iso}" is not an ISO date`);
  const [, y, mo, d] = m;
  return [d, mo, y].filter((p) => p !== undefined).join('/');
}

const str = (tag: number, s: string): Uint8Array => tlv(tag, utf8Encode(s.normalize('NFC')));
const field = (no: number, ...value: Uint8Array[]): Uint8Array => tlv(T_SEQ, derInteger(no), ...value);

/** Builds DG13 exactly as CCCD.md describes; fields in ascending number order, absent ones omitted. */
export function buildDg13(id: Dg13IdentityInput, extraFields: Dg13ExtraField[] = []): Uint8Array {
  const f: [number, Uint8Array][] = [];
  const put = (no: number, tag: number, v: string | null | undefined): void => {
    if (v !== null && v !== undefined) f.push([no, field(no, str(tag, v))]);
  };
  put(1, T_PRINTABLE, id.idNumber);
  put(2, T_UTF8, id.fullName);
  put(3, T_PRINTABLE, id.dateOfBirth ? isoToVn(id.dateOfBirth, 'dateOfBirth') : null);
  put(4, T_UTF8, id.sex === 'M' ? 'Nam' : id.sex === 'F' ? 'Nữ' : null);
  put(5, T_UTF8, id.nationality);
  put(6, T_UTF8, id.ethnicity);
  put(7, T_UTF8, id.religion);
  put(8, T_UTF8, id.placeOfOrigin);
  put(9, T_UTF8, id.placeOfResidence);
  put(10, T_UTF8, id.identifyingMarks);
  put(11, T_PRINTABLE, id.dateOfIssue ? isoToVn(id.dateOfIssue, 'dateOfIssue') : null);
  put(12, T_UTF8, id.dateOfExpiry ? isoToVn(id.dateOfExpiry, 'dateOfExpiry') : id.noExpiry ? 'Không thời hạn' : null);
  if (id.fatherName != null || id.motherName != null) {
    f.push([13, field(13, tlv(T_SEQ, str(T_UTF8, id.fatherName ?? ''), str(T_UTF8, id.motherName ?? '')))]);
  }
  if (id.spouseName != null) f.push([14, field(14, tlv(T_SEQ, str(T_UTF8, id.spouseName)))]);
  put(15, T_PRINTABLE, id.oldIdNumber);
  put(16, T_PRINTABLE, id.cardSerial);
  for (const x of extraFields) {
    if (!Number.isInteger(x.fieldNo) || x.fieldNo < 0 || f.some(([n]) => n === x.fieldNo)) {
      throw new RangeError(`buildDg13: extra field number ${x.fieldNo} invalid or already used`);
    }
    f.push([x.fieldNo, field(x.fieldNo, str(x.tag ?? T_UTF8, x.value))]);
  }
  f.sort((a, b) => a[0] - b[0]);
  return tlv(DG13_TAG, tlv(T_SEQ, derInteger(1), tlv(T_OID, encodeOidValue(DG13_OID)), tlv(T_SET, ...f.map(([, b]) => b))));
}
