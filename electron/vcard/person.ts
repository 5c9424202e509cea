/**
 * Person profiles that personalise the virtual card. Synthetic people only: no real person's data is in
 * this repository. `chipid sim --person FILE` accepts the same shape as JSON.
 */
import { ChipIdError } from '../emrtd/errors.js';

export interface Person {
  /** 12-digit personal ID number (CCCD). For passports, `documentNumber` is used for the MRZ. */
  idNumber: string;
  documentNumber?: string;
  /** Full name with diacritics, as in DG13. */
  fullName: string;
  /** MRZ name: surname and given names in MRZ letters. */
  surname: string;
  givenNames: string;
  dateOfBirth: string; // ISO yyyy-mm-dd
  sex: 'M' | 'F';
  dateOfIssue: string;
  /** ISO date, or null for a card without expiry. */
  dateOfExpiry: string | null;
  nationality?: string;
  ethnicity?: string;
  religion?: string;
  placeOfOrigin?: string;
  placeOfResidence?: string;
  identifyingMarks?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  oldIdNumber?: string;
  /** Which built-in face image (1 or 2). */
  face?: 1 | 2;
}

export const PERSON_A: Person = {
  idNumber: '001099012345',
  fullName: 'Nguyễn Văn An',
  surname: 'NGUYEN',
  givenNames: 'VAN AN',
  dateOfBirth: '1999-03-15',
  sex: 'M',
  dateOfIssue: '2021-04-15',
  dateOfExpiry: '2039-03-15',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Thạch Hòa, Huyện Thạch Thất, Hà Nội',
  placeOfResidence: 'Số 12 Ngõ 34 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1,5cm trên trước mép phải',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Cúc',
  oldIdNumber: '012345678',
  face: 1,
};

export const PERSON_B: Person = {
  idNumber: '079190004321',
  fullName: 'Lê Thị Bích Ngọc',
  surname: 'LE',
  givenNames: 'THI BICH NGOC',
  dateOfBirth: '1990-11-02',
  sex: 'F',
  dateOfIssue: '2024-08-20',
  dateOfExpiry: '2030-11-02',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Phật giáo',
  placeOfOrigin: 'Phường 3, Thành phố Mỹ Tho, Tiền Giang',
  placeOfResidence: '45 Đường Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh',
  identifyingMarks: 'Sẹo chấm C:2cm dưới sau đuôi mắt trái',
  fatherName: 'Lê Văn Dũng',
  motherName: 'Phạm Thị Hoa',
  spouseName: 'Trần Minh Khoa',
  face: 2,
};

export const PERSON_PASSPORT: Person = {
  idNumber: '036085009876',
  documentNumber: 'C1234567',
  fullName: 'Trần Quốc Bảo',
  surname: 'TRAN',
  givenNames: 'QUOC BAO',
  dateOfBirth: '1985-06-30',
  sex: 'M',
  dateOfIssue: '2022-01-10',
  dateOfExpiry: '2032-01-10',
  nationality: 'Việt Nam',
  face: 1,
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a person read from a JSON file (chipid sim --person). */
export function parsePerson(json: unknown): Person {
  const bad = (what: string): never => {
    throw new ChipIdError('KEY_INVALID', `person profile: ${what}`);
  };
  if (typeof json !== 'object' || json === null) bad('not an object');
  const p = json as Record<string, unknown>;
  const str = (k: string, required = true): string | undefined => {
    const v = p[k];
    if (v === undefined || v === null) return required ? bad(`${k} missing`) : undefined;
    if (typeof v !== 'string') return bad(`${k} is not a string`);
    return v;
  };
  const id = str('idNumber')!;
  if (!/^\d{12}$/.test(id)) bad('idNumber must be 12 digits');
  for (const k of ['dateOfBirth', 'dateOfIssue']) if (!ISO.test(str(k)!)) bad(`${k} must be yyyy-mm-dd`);
  const doe = p.dateOfExpiry === null ? null : str('dateOfExpiry')!;
  if (doe !== null && !ISO.test(doe)) bad('dateOfExpiry must be yyyy-mm-dd or null');
  if (p.sex !== 'M' && p.sex !== 'F') bad('sex must be M or F');
  const person: Person = {
    idNumber: id,
    fullName: str('fullName')!.normalize('NFC'),
    surname: str('surname')!,
    givenNames: str('givenNames')!,
    dateOfBirth: str('dateOfBirth')!,
    sex: p.sex as 'M' | 'F',
    dateOfIssue: str('dateOfIssue')!,
    dateOfExpiry: doe,
  };
  for (const k of ['documentNumber', 'nationality', 'ethnicity', 'religion', 'placeOfOrigin', 'placeOfResidence', 'identifyingMarks', 'fatherName', 'motherName', 'spouseName', 'oldIdNumber'] as const) {
    const v = str(k, false);
    if (v !== undefined) person[k] = v.normalize('NFC');
  }
  if (p.face === 1 || p.face === 2) person.face = p.face;
  return person;
}
