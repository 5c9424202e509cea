/**
 * DG1 — the MRZ as stored on the chip (9303-10 §4.7.1): `61 L { 5F1F L <MRZ characters> }`, the lines
 * concatenated without separators (90 characters TD1, 72 TD2, 88 TD3). Also builders that compute every
 * check digit, used by the virtual card to personalise a CCCD (TD1) or a passport (TD3).
 */
import { asciiBytes, bytesToAscii } from '../bytes.js';
import { ChipIdError, ParseError } from '../errors.js';
import { checkDigit, MRZ_SHAPES, parseMrz, type Mrz, type MrzFormat, type MrzSex } from '../mrz.js';
import { expectTlv, findTlv, tlv } from '../tlv.js';

export const TAG_DG1 = 0x61;
export const TAG_MRZ = 0x5f1f;

export interface Dg1 {
  /** The file exactly as read (passive authentication hashes these bytes). */
  raw: Uint8Array;
  mrz: Mrz;
}

/** Parses EF.DG1. Malformed TLV or an MRZ that fails its checks → PARSE_ERROR saying where. */
export function parseDg1(bytes: Uint8Array): Dg1 {
  const outer = expectTlv(bytes, TAG_DG1, 'DG1');
  if (outer.end !== bytes.length) throw new ParseError('DG1', `${bytes.length - outer.end} bytes after the data group`);
  const inner = findTlv(outer.value, TAG_MRZ, 'DG1');
  if (inner === undefined) throw new ParseError('DG1', 'no MRZ data object (5F1F)');
  const text = bytesToAscii(inner.value);
  if (!/^[A-Z0-9<]*$/.test(text)) throw new ParseError('DG1(5F1F)', 'MRZ contains bytes outside A-Z, 0-9, <');
  if (![90, 72, 88].includes(text.length)) throw new ParseError('DG1(5F1F)', `MRZ length ${text.length} is not 90, 72 or 88`);
  try {
    return { raw: bytes.slice(), mrz: parseMrz(text) };
  } catch (e) {
    if (e instanceof ChipIdError) throw new ParseError('DG1(5F1F)', e.message, { cause: e });
    throw e;
  }
}

/**
 * Encodes MRZ lines as EF.DG1. Checks the shape and character set only — not the check digits, so tests
 * can personalise a deliberately broken card.
 */
export function buildDg1(mrzLines: string[]): Uint8Array {
  const shape = (Object.keys(MRZ_SHAPES) as MrzFormat[]).find(
    (f) => MRZ_SHAPES[f].lines === mrzLines.length && mrzLines.every((l) => l.length === MRZ_SHAPES[f].length),
  );
  if (shape === undefined) throw new ChipIdError('MRZ_INVALID', 'MRZ lines are not 3x30, 2x36 or 2x44');
  const text = mrzLines.join('');
  if (!/^[A-Z0-9<]+$/.test(text)) throw new ChipIdError('MRZ_INVALID', 'MRZ contains a character outside A-Z, 0-9, <');
  return tlv(TAG_DG1, tlv(TAG_MRZ, asciiBytes(text)));
}

// --- Builders ---------------------------------------------------------------------------------------------

export interface MrzFields {
  /** 'ID' for a CCCD, 'P' for a passport. */
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  sex: MrzSex;
  /** YYMMDD ('<<<<<<' allowed, to emulate an undated card). */
  dateOfExpiry: string;
  nationality: string;
  primaryIdentifier: string;
  secondaryIdentifier?: string;
  /** TD1 line-1 optional data; TD3 personal number. */
  optionalData1?: string;
  /** TD1 line-2 optional data. */
  optionalData2?: string;
}

export interface Td1Fields extends MrzFields {
  /** CCCD layout: the 12-digit ID in line-1 optional data, then '<<' and its check digit (CCCD.md). */
  cccdIdNumber?: string;
}

const bad = (what: string): ChipIdError => new ChipIdError('MRZ_INVALID', `${what} cannot be written in the MRZ`);

/** 9303-3 §6: Latin letters without diacritics; Vietnamese Đ → D. Spaces and separators become '<'. */
function mrzText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[Đđ]/g, 'D')
    .toUpperCase()
    .replace(/[\s,'-]+/g, '<');
}

/** Pads to `length` with '<'; throws when the value is too long or has other characters. */
function field(value: string, length: number, what: string): string {
  const t = mrzText(value);
  if (t.length > length || !/^[A-Z0-9<]*$/.test(t)) throw bad(what);
  return t.padEnd(length, '<');
}

function dateField(value: string, what: string): string {
  if (!/^[0-9]{6}$/.test(value) && value !== '<<<<<<') throw bad(what);
  return value;
}

/** Name field: primary '<<' secondary, truncated at the field length (9303-3 §4.6 simple truncation). */
function nameField(primary: string, secondary: string | undefined, length: number): string {
  const p = mrzText(primary);
  const s = secondary === undefined ? '' : mrzText(secondary);
  const t = (s === '' ? p : `${p}<<${s}`).replace(/<+$/, '');
  if (t === '' || !/^[A-Z<]*$/.test(t)) throw bad('name');
  return t.slice(0, length).padEnd(length, '<');
}

const cd = (s: string): string => String(checkDigit(s));

/** Builds a TD1 (9303-5 §4.2.2), including long document numbers continued in the optional data. */
export function buildTd1(f: Td1Fields): string[] {
  const num = mrzText(f.documentNumber);
  let numField: string;
  let optional1: string;
  if (f.cccdIdNumber !== undefined) {
    if (!/^[0-9]{12}$/.test(f.cccdIdNumber) || f.optionalData1 !== undefined) throw bad('CCCD ID number');
    optional1 = `${f.cccdIdNumber}<<${cd(f.cccdIdNumber)}`;
  } else {
    optional1 = f.optionalData1 === undefined ? '' : mrzText(f.optionalData1);
  }
  if (num.length > 9) {
    // Long number: 9 characters, '<', continuation + check digit over the full number (see mrz.ts).
    if (f.cccdIdNumber !== undefined) throw bad('long document number with a CCCD ID');
    numField = num.slice(0, 9) + '<';
    optional1 = num.slice(9) + cd(num) + (optional1 === '' ? '' : '<' + optional1);
  } else {
    const nf = field(num, 9, 'document number');
    numField = nf + cd(nf);
  }
  const l1 = field(f.documentCode, 2, 'document code') + field(f.issuingState, 3, 'issuing state') + numField + field(optional1, 15, 'optional data 1');
  const dob = dateField(f.dateOfBirth, 'date of birth');
  const doe = dateField(f.dateOfExpiry, 'date of expiry');
  const l2a = dob + cd(dob) + f.sex + doe + cd(doe) + field(f.nationality, 3, 'nationality') + field(f.optionalData2 ?? '', 11, 'optional data 2');
  const composite = cd(l1.slice(5, 30) + l2a.slice(0, 7) + l2a.slice(8, 15) + l2a.slice(18, 29));
  return [l1, l2a + composite, nameField(f.primaryIdentifier, f.secondaryIdentifier, 30)];
}

/** Builds a TD3 (9303-4 §4.2.2); an empty personal number gets '<' as its check digit. */
export function buildTd3(f: MrzFields): string[] {
  const num = field(f.documentNumber, 9, 'document number');
  const dob = dateField(f.dateOfBirth, 'date of birth');
  const doe = dateField(f.dateOfExpiry, 'date of expiry');
  const personal = field(f.optionalData1 ?? '', 14, 'personal number');
  const personalCd = /^<*$/.test(personal) ? '<' : cd(personal);
  const l2 = num + cd(num) + field(f.nationality, 3, 'nationality') + dob + cd(dob) + f.sex + doe + cd(doe) + personal + personalCd;
  const composite = cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43));
  const l1 = field(f.documentCode, 2, 'document code') + field(f.issuingState, 3, 'issuing state') + nameField(f.primaryIdentifier, f.secondaryIdentifier, 39);
  return [l1, l2 + composite];
}

/** A CCCD TD1 for the virtual card: document number = last 9 digits of the ID (CCCD.md). */
export function buildCccdTd1(p: {
  idNumber: string;
  dateOfBirth: string;
  dateOfExpiry: string;
  sex: 'M' | 'F';
  surname: string;
  givenNames: string;
}): string[] {
  if (!/^[0-9]{12}$/.test(p.idNumber)) throw bad('CCCD ID number');
  return buildTd1({
    documentCode: 'ID',
    issuingState: 'VNM',
    documentNumber: p.idNumber.slice(3),
    cccdIdNumber: p.idNumber,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    dateOfExpiry: p.dateOfExpiry,
    nationality: 'VNM',
    primaryIdentifier: p.surname,
    secondaryIdentifier: p.givenNames,
  });
}
